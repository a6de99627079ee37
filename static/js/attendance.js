// Attendance: one button marks everyone present; the form works without it.
(function () {
  "use strict";
  var button = document.getElementById("all-present");
  if (!button) return;
  button.classList.remove("d-none");
  button.addEventListener("click", function () {
    document.querySelectorAll('#attendance-form input[type="radio"][value="hadir"]').forEach(
      function (radio) { radio.checked = true; }
    );
  });
})();
