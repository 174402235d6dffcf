// Progressive enhancement only: every page works without this file.
// After a refused form, move focus to the error summary so keyboard and screen-reader users
// land on the list of problems (each item links to its field).
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
})();
