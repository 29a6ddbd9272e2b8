/* Learning pages: while a recommendation is being written, show the most similar
   recommendations of other reviews ("seen before"); while a lesson is being written, suggest
   themes from its text and tick them. Text is sent to our own server only (same origin, with
   the form's CSRF token); nothing works differently without this script. */
(function () {
  "use strict";
  var WAIT_MS = 700;

  function post(form, url, text, extra) {
    var body = new FormData();
    body.append("text", text);
    Object.keys(extra || {}).forEach(function (key) { body.append(key, extra[key]); });
    var token = form.elements.namedItem("csrf_token").value;
    return fetch(url, {method: "POST", body: body, credentials: "same-origin",
                       headers: {"Accept": "application/json", "X-CSRFToken": token}})
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      });
  }

  function whenTyped(area, act) {
    var timer = null;
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { act(area.value); }, WAIT_MS);
    });
  }

  function seenBefore(form) {
    var area = form.querySelector("textarea[name=text]");
    var box = form.querySelector(".seen-before-live");
    var list = form.querySelector(".seen-before-live-list");
    if (!area || !box) { return; }
    whenTyped(area, function (text) {
      if (text.trim().split(/\s+/).length < 4) { box.hidden = true; return; }
      post(form, form.getAttribute("data-seen-url"), text,
           {review_id: form.getAttribute("data-review-id")}).then(function (data) {
        list.textContent = "";
        data.similar.forEach(function (item) {
          var li = document.createElement("li");
          var link = document.createElement("a");
          link.href = item.url;
          link.textContent = item.review;
          li.appendChild(link);
          var statuses = Object.keys(item.statuses).map(function (label) {
            return item.statuses[label] + " " + label.toLowerCase();
          }).join(", ") || "no actions recorded";
          li.appendChild(document.createTextNode(": " + item.text + " (" + statuses + ")"));
          list.appendChild(li);
        });
        box.hidden = data.similar.length === 0;
      }).catch(function () { box.hidden = true; });
    });
  }

  function suggestThemes(form) {
    var area = form.querySelector("textarea[name=text]");
    var note = form.querySelector(".theme-suggestions");
    if (!area || !note) { return; }
    whenTyped(area, function (text) {
      post(form, form.getAttribute("data-suggest-url"), text).then(function (data) {
        var names = [];
        data.themes.forEach(function (theme) {
          var box = form.querySelector("input[name=themes][value='" + theme.id + "']");
          if (box && !box.dataset.touched) { box.checked = true; names.push(theme.name); }
        });
        note.textContent = names.length ? "Suggested themes: " + names.join(", ") + "." : "";
      }).catch(function () { note.textContent = ""; });
    });
    form.querySelectorAll("input[name=themes]").forEach(function (box) {
      box.addEventListener("change", function () { box.dataset.touched = "1"; });
    });
  }

  var recommendation = document.getElementById("recommendation-form");
  if (recommendation) { seenBefore(recommendation); }
  var lesson = document.getElementById("lesson-form");
  if (lesson) { suggestThemes(lesson); }
}());
