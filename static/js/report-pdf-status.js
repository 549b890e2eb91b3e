// While a report's PDF is queued or being made, ask the status URL every 2 s and say what happens in the live region;
// when it is ready, show the download link. Without JavaScript the page has an "Uppdatera" link instead. No meta
// refresh: it reloads the whole page under a screen reader's cursor (WCAG 2.2.1).
(function () {
  "use strict";
  var panel = document.getElementById("pdf");
  if (!panel || !window.fetch) return;
  var url = panel.getAttribute("data-status-url");
  var status = panel.getAttribute("data-status");
  if (!url || (status !== "queued" && status !== "running")) return;
  var message = document.getElementById("pdf-meddelande");
  var manual = document.getElementById("pdf-uppdatera");
  var automatic = document.getElementById("pdf-automatiskt");
  var place = document.getElementById("pdf-lank-plats");
  if (manual) manual.hidden = true;
  if (automatic) automatic.hidden = false;

  function stop() {
    if (automatic) automatic.hidden = true;
  }

  function show(state) {
    panel.setAttribute("data-status", state.status);
    if (message && state.message && message.textContent !== state.message) message.textContent = state.message;
    if (state.status === "ready" && place) {
      var link = document.createElement("a");
      link.id = "pdf-lank";
      link.href = state.url;
      link.type = "application/pdf";
      link.textContent = state.link_text;
      place.textContent = "";
      place.appendChild(link);
      place.hidden = false;
      stop();
      return false;
    }
    if (state.status === "failed" || state.status === "none") {
      // The retry button needs the page's form (and its CSRF token): offer to reload it.
      stop();
      if (manual) manual.hidden = false;
      return false;
    }
    return true;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (state) { if (show(state)) window.setTimeout(poll, 2000); })
      .catch(function () { stop(); if (manual) manual.hidden = false; });
  }
  window.setTimeout(poll, 2000);
})();
