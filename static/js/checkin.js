// Check-in form: the questions about work are hidden while the chosen outcome has no work to
// ask about (the server ignores them then too). Without scripts they simply stay visible.
(function () {
  "use strict";
  var work = document.getElementById("work-fields");
  var outcomes = document.querySelectorAll('input[name="outcome"]');
  if (!work || !outcomes.length) return;
  var noWork = ["not_working", "unreachable", "reoffended"];
  function update() {
    var chosen = document.querySelector('input[name="outcome"]:checked');
    work.hidden = Boolean(chosen && noWork.indexOf(chosen.value) !== -1);
  }
  outcomes.forEach(function (radio) {
    radio.addEventListener("change", update);
  });
  update();
})();
