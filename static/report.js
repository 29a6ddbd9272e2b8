/* The section editing page: autosave every few seconds (each save names the version it was
   based on), live preview, who else is editing, and conflicts shown side by side. The
   writer's text stays in the box (and in this browser's storage) until it is saved. */
(function () {
  "use strict";
  var form = document.getElementById("section-editor");
  var preview = document.getElementById("preview");
  var others = document.getElementById("others-here");
  var SAVE_EVERY = 3000, PRESENCE_EVERY = 10000;
  if (!form) { return; }
  var body = document.getElementById("body");
  var base = document.getElementById("base-version");
  var status = document.getElementById("save-status");
  var versionLabel = document.getElementById("version-label");
  var conflictBox = document.getElementById("conflicts");
  var conflictList = document.getElementById("conflict-list");
  var token = form.elements.namedItem("csrf_token").value;
  var storeKey = "dhr-section:" + form.action;
  var savedText = body.value, saving = false, inConflict = false, parts = null;

  var kept = window.localStorage && localStorage.getItem(storeKey);
  if (kept) {
    try {
      kept = JSON.parse(kept);
      if (kept.body !== body.value) { body.value = kept.body; base.value = kept.base; savedText = null; }
    } catch (e) { localStorage.removeItem(storeKey); }
  }

  function post(url, data) {
    var fd = new FormData();
    fd.append("csrf_token", token);
    Object.keys(data).forEach(function (k) { fd.append(k, data[k]); });
    return fetch(url, { method: "POST", body: fd, credentials: "same-origin",
                        headers: { "Accept": "application/json", "X-CSRFToken": token } })
      .then(function (r) { if (!r.ok) { throw new Error("status " + r.status); } return r.json(); });
  }

  function remember() {
    if (window.localStorage) {
      localStorage.setItem(storeKey, JSON.stringify({ body: body.value, base: base.value }));
    }
  }

  function save(text) {
    if (saving) { return Promise.resolve(); }
    saving = true;
    status.textContent = "Saving…";
    return post(form.action, { body: text, base_version: base.value }).then(function (reply) {
      saving = false;
      if (reply.status === "conflict") { showConflict(reply, text); return; }
      base.value = reply.version;
      versionLabel.textContent = "version " + reply.version;
      if (body.value === text) {
        body.value = reply.body;  /* others' changes merged in */
        savedText = reply.body;
        if (window.localStorage) { localStorage.removeItem(storeKey); }
      } else {
        savedText = text;  /* typed on while saving: saved next time, merged then */
      }
      status.textContent = reply.merged ? "Saved, with others' changes merged in." : "Saved.";
      refreshPreview();
    }).catch(function () {
      saving = false;
      status.textContent = "Not saved: the connection failed. Your text is kept; trying again.";
    });
  }

  function tick() {
    if (!inConflict && body.value !== savedText) { remember(); save(body.value); }
  }

  function showConflict(reply, text) {
    inConflict = true;
    parts = reply.parts;
    base.value = reply.version;
    remember();
    conflictList.textContent = "";
    parts.forEach(function (part, i) {
      if (part.text !== undefined) { return; }
      var box = document.createElement("fieldset");
      box.className = "border p-2 mb-2 report-conflict";
      var legend = document.createElement("legend");
      legend.className = "h6";
      legend.textContent = "Place " + (i + 1);
      box.appendChild(legend);
      var row = document.createElement("div");
      row.className = "row";
      [["mine", "Your text"], ["theirs", "Their text (saved)"]].forEach(function (side) {
        var col = document.createElement("div");
        col.className = "col-md-6";
        var h = document.createElement("p");
        h.className = "font-weight-bold mb-1";
        h.textContent = side[1];
        var pre = document.createElement("pre");
        pre.className = "report-side border p-2";
        pre.textContent = part[side[0]];
        col.appendChild(h); col.appendChild(pre); row.appendChild(col);
      });
      box.appendChild(row);
      [["mine", "Keep mine"], ["theirs", "Keep theirs"], ["both", "Keep both"]].forEach(function (c, j) {
        var id = "choice-" + i + "-" + c[0];
        var input = document.createElement("input");
        input.type = "radio"; input.name = "choice-" + i; input.value = c[0]; input.id = id;
        input.checked = j === 2;
        var label = document.createElement("label");
        label.htmlFor = id; label.className = "ml-1 mr-3"; label.textContent = c[1];
        box.appendChild(input); box.appendChild(label);
      });
      conflictList.appendChild(box);
    });
    conflictBox.hidden = false;
    status.textContent = "Not saved: someone changed the same paragraphs. Your text is kept below.";
    conflictBox.scrollIntoView();
  }

  function resolved() {
    return parts.map(function (part, i) {
      if (part.text !== undefined) { return part.text; }
      var chosen = conflictList.querySelector("input[name='choice-" + i + "']:checked");
      var how = chosen ? chosen.value : "both";
      if (how === "mine") { return part.mine; }
      if (how === "theirs") { return part.theirs; }
      return [part.theirs, part.mine].filter(Boolean).join("\n\n");
    }).filter(Boolean).join("\n\n");
  }

  document.getElementById("resolve-save").addEventListener("click", function () {
    var text = resolved();
    body.value = text;
    inConflict = false;
    conflictBox.hidden = true;
    save(text);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!inConflict) { save(body.value); }
  });

  var previewTimer = null;
  function refreshPreview() {
    post(form.dataset.previewUrl, { body: body.value }).then(function (reply) {
      preview.innerHTML = reply.html;  /* sanitised by the server (nh3) */
    }).catch(function () {});
  }
  body.addEventListener("input", function () {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(refreshPreview, 600);
  });

  function presence() {
    post(form.dataset.presenceUrl, {}).then(function (reply) {
      if (reply.others.length) {
        others.textContent = "Also editing this section now: " + reply.others.join(", ") + ".";
        others.hidden = false;
      } else {
        others.hidden = true;
      }
    }).catch(function () {});
  }

  window.setInterval(tick, SAVE_EVERY);
  window.setInterval(presence, PRESENCE_EVERY);
  presence();
  if (savedText === null) { tick(); }
})();
