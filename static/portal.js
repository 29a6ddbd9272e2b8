/* The agency portal's one script (no inline scripts: the content security policy forbids them).
 *
 * On every page: focus moves to an error summary, and a receipt can be printed.
 * On a form being filled in, nothing typed is lost:
 *  - every change is kept in this window's sessionStorage (keyed by user, request and revision),
 *    so that a save refused because the session ended gives it back after signing in again;
 *  - the draft autosaves every few seconds with the revision the page holds; the revision the
 *    server answers replaces it; a stale revision (a colleague or another window saved) is a
 *    conflict that is shown, and autosave stops rather than overwrite theirs;
 *  - before the idle timeout a warning offers "Stay signed in";
 *  - a file too big for the limit is refused here, before the answers leave the page.
 */
(function () {
  "use strict";

  var AUTOSAVE_SECONDS = 5;
  var WARN_SECONDS = 120;
  var SKIPPED = { csrf_token: 1, action: 1, file: 1, remove_attachment: 1, revision: 1 };

  /* Answers kept for someone else who used this window (their session ended, then another
   * person signed in here) are dropped unseen. */
  function forgetOtherUsers() {
    var me = document.querySelector("meta[name=dhr-user]");
    if (!me) { return; }
    var mine = "dhr-portal:" + me.content + ":";
    try {
      for (var i = sessionStorage.length - 1; i >= 0; i -= 1) {
        var key = sessionStorage.key(i);
        if (key.indexOf("dhr-portal:") === 0 && key.indexOf(mine) !== 0) {
          sessionStorage.removeItem(key);
        }
      }
    } catch (e) { /* storage disabled: nothing was kept */ }
  }

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  var printButton = document.getElementById("print-receipt");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }

  forgetOtherUsers();

  var form = document.getElementById("answers-form");
  if (!form) { return; }

  var revision = form.elements.namedItem("revision");
  var statusLine = document.getElementById("autosave-status");
  var stashKey = form.dataset.stashKey;
  var idleSeconds = parseInt(form.dataset.idleSeconds, 10);
  var warnSeconds = Math.min(WARN_SECONDS, Math.floor(idleSeconds / 2));
  var lastContact = Date.now();
  var dirty = false, inFlight = false, stopped = false, signedOut = false, pendingSubmit = null;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIPPED[el.name] && el.type !== "submit" && el.type !== "button";
    });
  }

  function values() {
    var result = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox") { result[el.name] = el.checked; }
      else if (el.type === "radio") { if (el.checked) { result[el.name] = el.value; } }
      else { result[el.name] = el.value; }
    });
    return result;
  }

  function apply(saved) {
    fields().forEach(function (el) {
      if (!(el.name in saved)) {
        if (el.type === "radio") { el.checked = false; }
        return;
      }
      if (el.type === "checkbox") { el.checked = !!saved[el.name]; }
      else if (el.type === "radio") { el.checked = saved[el.name] === el.value; }
      else { el.value = saved[el.name]; }
    });
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function stash() {
    try {
      sessionStorage.setItem(stashKey, JSON.stringify(
        { revision: revision.value, values: values(), at: Date.now() }));
    } catch (e) { /* storage full or disabled: autosave still runs */ }
  }

  function say(text) { statusLine.textContent = text; }

  function restore() {
    var kept;
    try { kept = JSON.parse(sessionStorage.getItem(stashKey) || "null"); } catch (e) { kept = null; }
    if (!kept || !kept.values) { return; }
    var current = values();
    var merged = Object.assign({}, current, kept.values);
    if (same(merged, current)) { sessionStorage.removeItem(stashKey); return; }
    apply(kept.values);
    var banner = document.getElementById("restored");
    var text = document.getElementById("restored-text");
    if (kept.revision !== revision.value) {
      // Someone saved since: keep the old revision, so that saving shows the conflict.
      revision.value = kept.revision;
      text.textContent = "This browser kept what you typed before you were signed out. " +
        "A colleague has saved this form since then: check your answers against theirs " +
        "before you save.";
    } else {
      text.textContent = "This browser kept what you typed before you were signed out. " +
        "It is not saved yet: check it, then save your draft.";
    }
    banner.hidden = false;
    if (!summary) { banner.focus(); }
    dirty = true;
  }

  function showConflict(message) {
    stopped = true;
    var box = document.getElementById("conflict");
    document.getElementById("conflict-text").textContent = message;
    box.hidden = false;
    box.focus();
    say("Not saved: a colleague saved this form after you opened it.");
  }

  function showSignedOut() {
    signedOut = true;
    stopped = true;
    stash();
    var box = document.getElementById("idle-warning");
    document.getElementById("idle-title").textContent = "You have been signed out";
    var message = document.getElementById("idle-message");
    message.textContent = "What you typed is kept in this browser window. ";
    var link = document.createElement("a");
    link.href = form.dataset.loginUrl;
    link.id = "sign-in-again";
    link.textContent = "Sign in again to get it back";
    message.appendChild(link);
    document.getElementById("stay-signed-in").hidden = true;
    box.hidden = false;
    box.focus();
    say("Not saved: you have been signed out. Your text is kept in this browser window.");
  }

  function autosave() {
    if (!dirty || inFlight || stopped || signedOut) { return; }
    dirty = false;
    inFlight = true;
    var data = new FormData(form);
    data.delete("file");
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) {
          revision.value = body.revision;
          lastContact = Date.now();
          stash();
          say("Draft saved automatically at " + body.saved_at + ".");
        } else if (response.status === 409) {
          showConflict(body.message || "This form was changed elsewhere, so your latest changes " +
            "were not saved. Your text is still on this page.");
        } else if (response.status === 401) {
          showSignedOut();
        } else if (response.status === 400) {  // tried again after the next change
          say("Not saved automatically: some answers need correcting. Press \"Save draft\" to " +
            "see what to change.");
        } else {
          dirty = true;
          say("Could not save automatically. Your text is kept in this browser window.");
        }
      });
    }).catch(function () {
      dirty = true;
      say("Could not save automatically. Your text is kept in this browser window.");
    }).then(function () {
      inFlight = false;
      if (pendingSubmit) {
        var submitter = pendingSubmit;
        pendingSubmit = null;
        form.requestSubmit(submitter);
      }
    });
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function tick() {
    if (signedOut) { return; }
    var remaining = Math.round(idleSeconds - (Date.now() - lastContact) / 1000);
    var box = document.getElementById("idle-warning");
    if (remaining <= 0) { showSignedOut(); return; }
    if (remaining <= warnSeconds) {
      var words = remaining >= 60 ? plural(Math.ceil(remaining / 60), "minute")
        : plural(remaining, "second");
      document.getElementById("idle-message").textContent =
        "You will be signed out in " + words;
      if (box.hidden) {
        box.hidden = false;
        box.dataset.returnFocus = document.activeElement ? document.activeElement.id : "";
        box.focus();
      }
    }
  }

  function staySignedIn() {
    var token = form.elements.namedItem("csrf_token").value;
    fetch(form.dataset.keepAliveUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token }
    }).then(function (response) {
      if (response.status === 401) { showSignedOut(); return; }
      if (!response.ok) { return; }
      lastContact = Date.now();
      var box = document.getElementById("idle-warning");
      box.hidden = true;
      var back = box.dataset.returnFocus && document.getElementById(box.dataset.returnFocus);
      (back || form.querySelector("textarea, input:not([type=hidden])")).focus();
      say("You are still signed in.");
    });
  }

  function tooBig(event) {
    var input = document.getElementById("file");
    var limit = parseInt(form.dataset.maxBytes, 10);
    if (!input || !input.files.length || input.files[0].size <= limit) { return false; }
    event.preventDefault();
    var error = document.getElementById("file-error");
    error.textContent = input.files[0].name + " is larger than " +
      Math.floor(limit / 1048576) + " MB, so it cannot be attached. Nothing was sent: " +
      "your answers are still here. Choose a smaller file or remove it to save.";
    error.hidden = false;
    input.setAttribute("aria-describedby", "file-hint file-error");
    input.setAttribute("aria-invalid", "true");
    input.focus();
    return true;
  }

  form.addEventListener("input", function () { dirty = true; stash(); });
  form.addEventListener("change", function () { dirty = true; stash(); });
  form.addEventListener("submit", function (event) {
    stash();
    if (tooBig(event)) { return; }
    if (inFlight) {  // wait for the autosave, then post with the revision it got back
      event.preventDefault();
      pendingSubmit = event.submitter;
      return;
    }
    stopped = true;
  });
  document.getElementById("stay-signed-in").addEventListener("click", staySignedIn);

  restore();
  window.setInterval(autosave, AUTOSAVE_SECONDS * 1000);
  window.setInterval(tick, 1000);
}());
