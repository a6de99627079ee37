// The PDFs being made in the background: ask the server every second how far they are and move
// the bar. When they are all stored, the bar says so; pages whose links depend on the files
// (data-reload-when-done) reload. A failure reloads the page to show the retry button.
// Without JavaScript, reloading the page shows the same state.
(function () {
  "use strict";
  var box = document.getElementById("render-progress");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-progress-url");
  var reloadWhenDone = box.hasAttribute("data-reload-when-done");
  var bar = document.getElementById("render-bar");
  var stored = box.querySelector("[data-progress-stored]");
  var total = box.querySelector("[data-progress-total]");
  var finished = document.getElementById("render-finished");
  var failedBefore = document.getElementById("render-failed") !== null;
  function show(state) {
    bar.max = state.total;
    bar.value = state.stored;
    bar.textContent = state.stored + " / " + state.total;
    stored.textContent = state.stored;
    total.textContent = state.total;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) return;
        show(state);
        if (state.failed > 0 && !failedBefore) {
          window.location.reload();
        } else if (state.done) {
          if (reloadWhenDone) {
            window.location.reload();
          } else {
            box.classList.add("border-success");
            finished.hidden = false;
          }
        } else if (state.stored + state.failed < state.total) {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
