// Cohort form: when the Lapas operator picks the partner agency, offer only its instructors.
(function () {
  "use strict";
  var agency = document.getElementById("id_agency");
  var boxes = document.querySelectorAll("input.instructor-choice");
  if (!agency || !boxes.length) return;
  var none = document.createElement("p");
  none.className = "small text-body-secondary mb-0";
  none.id = "no-instructors";
  none.textContent = agency.dataset.noInstructors || "";
  boxes[0].closest("div[id]").after(none);
  function filter() {
    var shown = 0;
    boxes.forEach(function (box) {
      var match = agency.value && box.dataset.agency === agency.value;
      var row = box.closest(".form-check") || box.parentElement;
      row.hidden = !match;
      if (!match) box.checked = false;
      if (match) shown += 1;
    });
    none.hidden = !agency.value || shown > 0;
  }
  agency.addEventListener("change", filter);
  filter();
})();
