// While a ledger import runs, fetch its page every 2 s and update the progress in place (a live region announces
// it); when the import is done, load the page once to show the result. Without JavaScript the page has a link to
// update it by hand. No meta refresh: it reloads the whole page under a screen reader's cursor (WCAG 2.2.1).
(function () {
  "use strict";
  var region = document.getElementById("import-working");
  if (!region || !window.fetch || !window.DOMParser) return;
  var manual = document.getElementById("import-manual-refresh");
  if (manual) manual.hidden = true;
  var note = document.getElementById("import-auto-refresh");
  if (note) note.hidden = false;

  function poll() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html").getElementById("import-working");
        if (!next) { window.location.reload(); return; }
        var status = region.querySelector("[data-progress]");
        var fresh = next.querySelector("[data-progress]");
        if (status && fresh) status.innerHTML = fresh.innerHTML;
        window.setTimeout(poll, 2000);
      })
      .catch(function () { if (manual) manual.hidden = false; if (note) note.hidden = true; });
  }
  window.setTimeout(poll, 2000);
})();
