// Check-in form: the questions about work show only while the chosen outcome is work (the
// outcomes the page lists in data-outcomes; the server ignores the answers otherwise). Without
// scripts they simply stay visible.
(function () {
  "use strict";
  var work = document.getElementById("work-fields");
  var outcomes = document.querySelectorAll('input[name="outcome"]');
  if (!work || !outcomes.length) return;
  var working = (work.dataset.outcomes || "").split(" ");
  function update() {
    var chosen = document.querySelector('input[name="outcome"]:checked');
    work.hidden = Boolean(chosen && working.indexOf(chosen.value) === -1);
  }
  outcomes.forEach(function (radio) {
    radio.addEventListener("change", update);
  });
  update();
})();
