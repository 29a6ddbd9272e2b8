"""Home Office data: the records the Home Office expects beside a review's stages
(``records``) and the demo caseload's incidents, people and families (``demo``). Its pages are
``admin_views.hodata_page``, ``hodata_forms`` and ``hodata_steps``."""
