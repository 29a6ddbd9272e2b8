"""The demo world's facts that tests rely on, in one place: its accounts (by role), its reviews
(by what each demonstrates) and its agencies. ``tests/test_world.py`` checks each against
``demo.py``, so a change to the demo data fails there, with its name, not in fifty tests."""

# Accounts (password demo.DEMO_PASSWORD, TOTP pre-enrolled).
ADMIN = "admin@example.org"
MANAGER = "manager@example.org"
CHAIR_A = "chair.a@example.org"  # chairs DHR-2026-001 and DHR-2026-002
CHAIR_B = "chair.b@example.org"  # chairs DHR-2026-003 and DHR-2025-011
PANEL_A = "panel.a@example.org"  # panel member on DHR-2026-001
PANEL_B = "panel.b@example.org"  # panel member on DHR-2026-003
POLICE = "police@example.org"  # agency user, Northshire Police
HEALTH = "health@example.org"  # agency user, Northshire NHS Foundation Trust
HOUSING = "housing@example.org"  # agency user, Northshire Homes
ANALYST = "analyst@example.org"

# One account per system role, for matrices over roles.
ROLE_ACCOUNTS = {
    "admin": ADMIN, "review_manager": MANAGER, "chair": CHAIR_A, "panel_member": PANEL_A,
    "agency_user": POLICE, "analyst": ANALYST,
}

# Reviews, by the stage or clock each demonstrates.
GATHERING = "DHR-2026-001"  # information gathering; CHAIR_A and PANEL_A; forms in every state
ON_HOLD = "DHR-2026-002"  # scoping, on hold for an inquest; CHAIR_A
DUE_SOON = "DHR-2026-003"  # analysis and drafting, completion due in 10 days; CHAIR_B, PANEL_B
NOTIFIED = "DHR-2026-004"  # notified 5 days ago
DECISION_OVERDUE = "DHR-2026-005"  # decision pending, overdue
AT_HOME_OFFICE = "DHR-2025-011"  # submitted to the Home Office; CHAIR_B
PUBLISHED = "DHR-2025-007"
NOT_COMMISSIONED = "DHR-2025-009"

# Agencies.
POLICE_AGENCY = "Northshire Police"
HEALTH_AGENCY = "Northshire NHS Foundation Trust"
HOUSING_AGENCY = "Northshire Homes"

# Pseudonyms (hodata.demo.CASES): the victims of GATHERING and DUE_SOON (shown on its page
# and title).
GATHERING_VICTIM = "Hannah"
DUE_SOON_VICTIM = "Ruth"
