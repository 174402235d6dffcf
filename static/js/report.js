// The report form, enhanced (templates/contracts/report_form.html). The form works without this file: it is
// a plain form that "Zapisz" posts. With it:
//  - the form is autosaved a few seconds after typing stops (POST to data-autosave-url, the same fields, the
//    CSRF token also in X-CSRFToken), with "Zapisano automatycznie o HH:MM" in a polite live region; an edit
//    conflict (409) stops autosaving and says so;
//  - the sums of the actual cost and of the grant follow what is typed (display only: the server judges).
// No inline scripts (CSP): everything is wired through data- attributes.
(function () {
  "use strict";

  var form = document.querySelector("form[data-report-form]");
  if (!form || !window.OKO) {
    return;
  }
  var grosze = window.OKO.hundredths;
  var money = window.OKO.money;

  function updateSums() {
    ["actual_total", "actual_grant"].forEach(function (column) {
      var out = form.querySelector('[data-sum-out="' + column + '"]');
      if (!out) {
        return;
      }
      var sum = 0;
      var valid = true;
      Array.prototype.forEach.call(form.querySelectorAll('input[name$=".' + column + '"]'), function (input) {
        var value = grosze(input.value);
        if (value === null) {
          valid = false;
        } else {
          sum += value;
        }
      });
      out.textContent = valid ? money(sum) : "—";
    });
  }

  window.OKO.autosave(form, updateSums);
}());
