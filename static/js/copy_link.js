// A "Salin" button copies the text field it names (data-copy-target) to the clipboard; without
// scripts the button stays hidden and the field is selected and copied by hand.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copyTarget);
    if (!field) return;
    button.addEventListener("click", function () {
      field.select();
      var done = function () { button.textContent = button.dataset.copiedText; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {});
      } else if (document.execCommand("copy")) {
        done();
      }
    });
  });
})();
