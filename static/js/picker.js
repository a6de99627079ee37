// Enrollment picker: a live count of ticked inmates and "tick every eligible one on this page".
// The page works without it.
(function () {
  "use strict";
  var form = document.getElementById("picker-form");
  if (!form) return;
  var boxes = form.querySelectorAll("input.pick:not([disabled])");
  var all = document.getElementById("pick-all");
  var count = document.getElementById("picked-count");
  var hidden = form.querySelectorAll('input[type="hidden"][name="pick"]').length;

  function refresh() {
    var ticked = form.querySelectorAll("input.pick:checked").length;
    count.textContent = String(hidden + ticked);
    if (all) all.checked = boxes.length > 0 && ticked === boxes.length;
  }

  if (all && boxes.length) {
    all.classList.remove("d-none");
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
      refresh();
    });
  }
  boxes.forEach(function (box) { box.addEventListener("change", refresh); });
  refresh();
})();
