// The score sheet, enhanced (templates/review/score.html): the total of the counting criteria follows what is
// typed, beside its maximum. Without this file the total shows as saved. Display only: the server judges the
// points (range, halves) and names each mistake at its criterion. No inline scripts (CSP): wired by data- attributes.
(function () {
  "use strict";

  var form = document.querySelector("form[data-score-form]");
  var out = document.getElementById("live-total");
  if (!form || !out) {
    return;
  }
  var inputs = form.querySelectorAll("input[data-points]:not([data-advisory])");

  // "7,5" or "7.5"; empty counts as nothing; anything else (or above the maximum) makes the total unknown.
  function points(input) {
    var value = input.value.trim().replace(",", ".");
    if (value === "") {
      return 0;
    }
    if (!/^\d+(\.\d+)?$/.test(value)) {
      return null;
    }
    var number = parseFloat(value);
    return number > parseFloat(input.getAttribute("data-max")) ? null : number;
  }

  function shown(total) {
    var rounded = Math.round(total * 100) / 100;
    return String(rounded).replace(".", ",");
  }

  function update() {
    var total = 0;
    for (var i = 0; i < inputs.length; i += 1) {
      var value = points(inputs[i]);
      if (value === null) {
        out.textContent = "—";
        return;
      }
      total += value;
    }
    out.textContent = shown(total);
  }

  form.addEventListener("input", update);
  update();
}());
