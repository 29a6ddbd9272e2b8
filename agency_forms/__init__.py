"""Multi-agency forms: the initial notification, involvement returns and IMRs. This package
holds what happens to a form (answers, workflow, e-mails, files); the screens live in
``portal`` (agency staff) and ``admin_views.agency_forms`` (CSP staff), the reminders in
``agency_forms.chasing``. Who may do what is decided in ``access`` only."""
