/* Job panels (templates/jobs/_panel.html): while a job is queued or running, ask its JSON
   status every second and show progress; when it is done, show the download link; when it
   failed, show the error and reload so that "Run it again" appears. No inline script: the
   content security policy forbids them. */
(function () {
  "use strict";
  var POLL_MS = 1000;
  if (window.dhrJobPanels) { return; }  /* a page with several panels loads this once each */
  window.dhrJobPanels = true;

  function setBar(panel, percent) {
    var bar = panel.querySelector(".job-bar");
    if (!bar) { return; }
    bar.style.width = percent + "%";
    bar.setAttribute("aria-valuenow", String(percent));
  }

  function show(panel, state) {
    panel.querySelector(".job-label").textContent = state.label;
    panel.querySelector(".job-message").textContent = state.message;
    setBar(panel, state.percent);
    if (state.download_url) {
      var link = panel.querySelector(".job-download-link");
      link.href = state.download_url;
      link.textContent = "Download " + state.file_name;
      panel.querySelector(".job-finished").textContent = state.finished ? "Made " + state.finished : "";
      panel.querySelector(".job-download").hidden = false;
    }
    if (state.error) {
      panel.querySelector(".job-error-text").textContent = state.error;
      panel.querySelector(".job-error").hidden = false;
    }
  }

  function poll(panel) {
    var url = panel.getAttribute("data-status-url");
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (state) {
        show(panel, state);
        if (state.status === "queued" || state.status === "running") {
          window.setTimeout(function () { poll(panel); }, POLL_MS);
        } else if (state.status === "failed") {
          window.location.reload();  /* the page then offers "Run it again" */
        }
      })
      .catch(function () { window.setTimeout(function () { poll(panel); }, 5 * POLL_MS); });
  }

  document.querySelectorAll(".job-panel").forEach(function (panel) {
    var bar = panel.querySelector(".job-bar");
    if (bar) { setBar(panel, Number(bar.getAttribute("data-percent")) || 0); }
    if (panel.getAttribute("data-status-url")) { poll(panel); }
  });
}());
