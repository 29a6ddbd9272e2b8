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
  // Flask-Admin's empty choice has no words: say what it means.
  document.querySelectorAll('option[value="__None"]').forEach(function (option) {
    if (!option.textContent.trim()) { option.textContent = "Not chosen"; }
  });
  // Select2 look-ups: show the first options on opening instead of waiting for typing.
  document.querySelectorAll("[data-minimum-input-length]").forEach(function (el) {
    el.setAttribute("data-minimum-input-length", "0");
  });
})();
