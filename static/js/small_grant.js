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
  if (!form || !window.OKO) {
    return;
  }
  var hundredths = window.OKO.hundredths;
  var money = window.OKO.money;

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

  window.OKO.autosave(form, updateSums);
}());
