// The small-grant form, enhanced (templates/smallgrants/ngo_form.html). The form works without this file: "Zapisz"
// posts it and "Przelicz" recomputes the sums on the server. With it:
//  - the form is autosaved a few seconds after typing stops (POST to data-autosave-url, the same fields, the
//    CSRF token also in X-CSRFToken), with "Zapisano automatycznie o HH:MM" in a polite live region; an edit
//    conflict (409) stops autosaving and says so;
//  - each cost line's value (quantity × unit cost) and the totals follow what is typed (display only: the server
//    judges, and the 10 000 zł of art. 19a ust. 1 pkt 1 is named on the field when the draft is saved).
// No inline scripts (CSP): everything is wired through data- attributes.
(function () {
  "use strict";

  var form = document.querySelector("form[data-small-grant-form]");
  if (!form) {
    return;
  }
  var d = form.dataset;
  var AUTOSAVE_MS = 2500;
  var RETRY_MS = 10000;
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

  // "12 345,67" or "12345.67" → hundredths (an integer), or null.
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

  function field(index, name) {
    var input = form.querySelector('[name="cost_items.' + index + "." + name + '"]');
    return input ? hundredths(input.value) : 0;
  }

  function updateSums() {
    var total = 0;
    var grant = 0;
    var valid = true;
    Array.prototype.forEach.call(form.querySelectorAll("[data-cost-row]"), function (row) {
      var i = row.getAttribute("data-cost-row");
      var quantity = field(i, "quantity");
      var unitCost = field(i, "unit_cost");
      var part = field(i, "grant_part");
      var out = row.querySelector("[data-line-total]");
      if (quantity === null || unitCost === null || part === null) {
        valid = false;
        if (out) {
          out.textContent = "—";
        }
        return;
      }
      // hundredths × hundredths / 100, half-up to the grosz, as the server rounds
      var line = Math.round((quantity * unitCost) / 100);
      total += line;
      grant += part;
      if (out) {
        out.textContent = quantity && unitCost ? money(line) : "—";
      }
    });
    var totalOut = form.querySelector('[data-figure="total_cost"]');
    var grantOut = form.querySelector('[data-figure="requested_grant"]');
    if (totalOut) {
      totalOut.textContent = valid ? money(total) : "—";
    }
    if (grantOut) {
      grantOut.textContent = valid ? money(grant) : "—";
    }
  }

  function setLock(value) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-lock-version]"), function (input) {
      input.value = value;
    });
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

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, AUTOSAVE_MS);
  }

  form.addEventListener("input", function (event) {
    if (event.target && event.target.name && event.target.name !== "csrf_token") {
      updateSums();
      schedule();
    }
  });
  // A plain submit must not race an autosave (it would carry an older lock_version).
  form.addEventListener("submit", function () {
    window.clearTimeout(timer);
    stopped = true;
  });
  updateSums();
}());
