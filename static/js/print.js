// Printable pages: the "Cetak" button opens the browser's print dialog (Ctrl+P does the same).
(function () {
  "use strict";
  var button = document.getElementById("print-button");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
