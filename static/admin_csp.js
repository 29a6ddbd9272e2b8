/* Flask-Admin's handlers without inline JavaScript (our Content-Security-Policy allows no
   'unsafe-inline'). Our overrides of Flask-Admin's templates (templates/admin/actions.html,
   model/row_actions.html, model/inline_list_base.html, model/layout.html) carry data- attributes instead of
   onclick; this file acts on them. Links to "javascript:void(0)" (Flask-Admin's tabs, menus,
   pagination) are kept from navigating, which the policy would refuse and report. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) {
      return;
    }
    var action = target.closest("[data-fa-action]");
    if (action) {
      event.preventDefault();
      window.modelActions.execute(action.getAttribute("data-fa-action"));
      return;
    }
    var confirmed = target.closest("[data-fa-confirm]");
    if (confirmed) {
      if (!window.faHelpers.safeConfirm(confirmed.getAttribute("data-fa-confirm"))) {
        event.preventDefault();
      }
      return;
    }
    var inlineAdd = target.closest("[data-fa-inline-add]");
    if (inlineAdd) {
      event.preventDefault();
      window.faForm.addInlineField(inlineAdd, inlineAdd.getAttribute("data-fa-inline-add"));
      return;
    }
    var scriptLink = target.closest('a[href^="javascript:"]');
    if (scriptLink) {
      event.preventDefault();
    }
  }, true);  /* capture: Bootstrap's menus stop some clicks from bubbling to the document */

}());
