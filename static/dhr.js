/* Small, dependency-free page behaviour shared by every screen. */
(function () {
  "use strict";
  // GOV.UK error summary: move focus to it so that screen reader users hear the problem first.
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) { summary.focus(); }
  // Links in the error summary put focus on the field, not only scroll to it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".govuk-error-summary__list a");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) { event.preventDefault(); field.focus(); field.scrollIntoView({block: "center"}); }
  });
  // The server checks every answer and explains mistakes in an error summary (GOV.UK): the
  // browser's own pop-up messages cannot be read again, styled or linked to.
  document.querySelectorAll("form.admin-form, form[data-server-checks]").forEach(function (form) {
    form.noValidate = true;
  });
  // Flask-Admin's row check boxes (they only work with this script) carry a title only:
  // give them a name a screen reader announces.
  document.querySelectorAll(".action-rowtoggle").forEach(function (box) {
    box.setAttribute("aria-label", "Select all rows");
  });
  document.querySelectorAll(".action-checkbox").forEach(function (box, index) {
    box.setAttribute("aria-label", "Select row " + (index + 1));
  });
  // Flask-Admin's empty choice has no words: say what it means.
  document.querySelectorAll('option[value="__None"]').forEach(function (option) {
    if (!option.textContent.trim()) { option.textContent = "Not chosen"; }
  });
  // Select2 look-ups: show the first options on opening instead of waiting for typing.
  document.querySelectorAll("[data-minimum-input-length]").forEach(function (el) {
    el.setAttribute("data-minimum-input-length", "0");
  });
})();
