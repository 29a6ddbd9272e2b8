"""The facts in tests/world.py are the demo world's: checked against demo.py itself."""
import demo
from hodata import demo as demo_caseload
import world
from models import MemberRole, RoleName, ReviewStatus


def test_accounts_have_the_roles_and_agencies_the_tests_assume():
    users = {email: (roles, agency) for email, _, roles, agency in demo.USERS}
    for role, email in world.ROLE_ACCOUNTS.items():
        assert RoleName[role] in users[email][0], (role, email)
    assert users[world.CHAIR_B][0] == [RoleName.chair]
    assert users[world.PANEL_B][0] == [RoleName.panel_member]
    assert users[world.POLICE][1] == world.POLICE_AGENCY
    assert users[world.HEALTH][1] == world.HEALTH_AGENCY
    assert users[world.HOUSING][1] == world.HOUSING_AGENCY
    agencies = {name for name, _ in demo.AGENCIES}
    assert {world.POLICE_AGENCY, world.HEALTH_AGENCY, world.HOUSING_AGENCY} <= agencies


def test_reviews_are_in_the_stages_and_hands_the_tests_assume():
    reviews = {ref: (stage, members) for ref, _, stage, _, members in demo.REVIEWS}
    assert reviews[world.GATHERING] == (ReviewStatus.information_gathering, [
        (world.CHAIR_A, MemberRole.chair), (world.PANEL_A, MemberRole.panel_member)])
    assert reviews[world.ON_HOLD][1] == [(world.CHAIR_A, MemberRole.chair)]
    assert world.ON_HOLD in demo.ON_HOLD and world.DUE_SOON in demo.DUE_SOON
    assert reviews[world.DUE_SOON][1] == [(world.CHAIR_B, MemberRole.chair),
                                          (world.PANEL_B, MemberRole.panel_member)]
    assert reviews[world.NOTIFIED][0] is ReviewStatus.notified
    assert reviews[world.DECISION_OVERDUE][0] is ReviewStatus.decision_pending
    assert reviews[world.AT_HOME_OFFICE][0] is ReviewStatus.submitted_to_home_office
    assert reviews[world.PUBLISHED][0] is ReviewStatus.published
    assert reviews[world.NOT_COMMISSIONED][0] is ReviewStatus.not_commissioned


def test_the_pseudonyms_the_tests_name_are_the_demo_caseloads():
    assert demo_caseload.CASES[world.DUE_SOON].people[0].pseudonym == world.DUE_SOON_VICTIM
    assert demo_caseload.CASES[world.GATHERING].people[0].pseudonym == world.GATHERING_VICTIM
    assert set(demo_caseload.CASES) == {reference for reference, *_ in demo.REVIEWS}
