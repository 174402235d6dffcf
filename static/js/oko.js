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

// What the forms that autosave share (the report, templates/contracts/report_form.html, and the small grant,
// templates/smallgrants/ngo_form.html; the offer's own form has a richer loop in offer.js): amounts as people
// type them, and the autosave loop — POST the form to its data-autosave-url a few seconds after typing stops
// (the CSRF token also in X-CSRFToken), "Zapisano automatycznie o HH:MM" in the polite live region
// #autosave-status, an edit conflict (409) stops it and says so. Each form's script loads after this one.
window.OKO = (function () {
  "use strict";

  var AUTOSAVE_MS = 2500;
  var RETRY_MS = 10000;

  // "12 345,67" or "12345.67" → hundredths (grosze, an integer), or null; "" is 0.
  function hundredths(text) {
    var cleaned = (text || "").replace(/[\s\u00a0]/g, "").replace("zł", "").replace(",", ".");
    if (cleaned === "") {
      return 0;
    }
    if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) {
      return null;
    }
    var parts = cleaned.split(".");
    var cents = parts[1] ? (parts[1] + "0").slice(0, 2) : "00";
    return parseInt(parts[0], 10) * 100 + parseInt(cents, 10);
  }

  function money(cents) {
    var whole = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    var rest = String(cents % 100);
    return whole + "," + (rest.length < 2 ? "0" + rest : rest) + "\u00a0zł";
  }

  // Autosave `form`; `onInput` (the form's live sums) runs now and after every change.
  function autosave(form, onInput) {
    var d = form.dataset;
    var csrfMeta = document.querySelector('meta[name="csrf-token"]');
    var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";
    var statusLine = document.getElementById("autosave-status");
    var timer = null;
    var inFlight = false;
    var again = false;
    var stopped = false;

    function setStatus(text) {
      if (statusLine) {
        statusLine.textContent = text || "";
      }
    }

    function setLock(value) {
      Array.prototype.forEach.call(form.querySelectorAll("[data-lock-version]"), function (input) {
        input.value = value;
      });
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, AUTOSAVE_MS);
    }

    function save() {
      window.clearTimeout(timer);
      if (stopped) {
        return;
      }
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      setStatus(d.msgSaving);
      fetch(d.autosaveUrl, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (data) { return { status: response.status, data: data }; });
      }).then(function (result) {
        var data = result.data || {};
        if (result.status === 200) {
          setLock(data.lock_version);
          setStatus((d.msgSaved || "").replace("{time}", data.saved_at));
        } else if (result.status === 409 && data.error === "edit_conflict") {
          stopped = true;
          setStatus(data.message);
        } else {
          setStatus(data.message && result.status !== 422 ? data.message : d.msgInvalid);
        }
      }).catch(function () {
        setStatus(d.msgOffline);
        timer = window.setTimeout(save, RETRY_MS);
      }).then(function () {
        inFlight = false;
        if (again) {
          again = false;
          schedule();
        }
      });
    }

    form.addEventListener("input", function (event) {
      if (event.target && event.target.name && event.target.name !== "csrf_token") {
        onInput();
        schedule();
      }
    });
    // A plain submit must not race an autosave (it would carry an older lock_version).
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
      stopped = true;
    });
    onInput();
  }

  return { hundredths: hundredths, money: money, autosave: autosave };
}());
