"""The portal never loses typed text, in a real browser (tests/browser.py: Chromium, the app on
a live server): a file attached with unsaved answers, autosave, a conflict from a second
window, the idle warning, and a session that ends while typing. Then the GOV.UK patterns:
signed in and submitted with the keyboard alone, and axe-core on every portal page."""
import re
from datetime import timedelta

import pytest

from browser import ARTIFACTS, focused_id
from formtools import HEALTH, PDF, POLICE, request_id
from models import FormAttachment, FormRequest, IMR, db
import world
from world import GATHERING, ON_HOLD

pytestmark = pytest.mark.browser

POLICE_USER = world.POLICE
AUTOSAVED = "Draft saved automatically"


def police_imr(app):
    return request_id(app, GATHERING, POLICE, "imr")  # in progress, an IMR with terms


def stored_lessons(app, rid):
    with app.app_context():
        row = db.session.query(IMR).filter_by(request_id=rid).one_or_none()
        return row.lessons if row else None


def stored(app, rid):
    with app.app_context():
        request = db.session.get(FormRequest, rid)
        files = db.session.query(FormAttachment.original_name).filter_by(request_id=rid).all()
        return request.revision, sorted(name for (name,) in files)


def open_form(page, rid):
    page.goto(f"/portal/requests/{rid}")
    page.wait_for_selector("#answers-form")


def test_attaching_a_file_keeps_unsaved_answers(app, signed_in_page):
    rid = police_imr(app)
    page = signed_in_page(POLICE_USER)
    open_form(page, rid)
    page.fill("#lessons", "Lessons typed, then a file chosen")
    page.set_input_files("#file", {"name": "minutes.pdf", "mimeType": "application/pdf",
                                   "buffer": PDF})
    page.click("#save-draft")
    assert "minutes.pdf attached" in page.inner_text("main")
    assert page.input_value("#lessons") == "Lessons typed, then a file chosen"
    assert stored_lessons(app, rid) == "Lessons typed, then a file chosen"
    assert stored(app, rid)[1] == ["minutes.pdf"]

    # A refused file: the message at the top and beside the field, the answers saved and shown.
    page.fill("#lessons", "More lessons, then a script chosen")
    page.set_input_files("#file", {"name": "invoice.exe", "mimeType": "application/x-msdownload",
                                   "buffer": b"MZ\x90\x00" + b"\x00" * 200})
    page.click("#save-draft")
    summary = page.locator("#error-summary")
    assert "invoice.exe was not attached" in summary.inner_text()
    assert focused_id(page, "error-summary") == "error-summary"
    assert "cannot be attached: programs and scripts are refused" in page.inner_text("#file-error")
    assert summary.locator("a[href='#file']").count() == 1
    assert page.input_value("#lessons") == "More lessons, then a script chosen"
    assert stored_lessons(app, rid) == "More lessons, then a script chosen"
    assert stored(app, rid)[1] == ["minutes.pdf"]


@pytest.mark.parametrize("app_config", [{"FORM_ATTACHMENT_MAX_BYTES": 1024}])
def test_a_file_too_big_is_refused_before_anything_is_sent(app, signed_in_page, app_config):
    rid = police_imr(app)
    page = signed_in_page(POLICE_USER)
    open_form(page, rid)
    before = stored(app, rid)
    page.fill("#lessons", "Lessons beside a big file")
    page.set_input_files("#file", {"name": "big.pdf", "mimeType": "application/pdf",
                                   "buffer": PDF + b"x" * 4000})
    page.click("#save-draft")
    error = page.locator("#file-error")
    error.wait_for(state="visible")
    assert "big.pdf is larger than" in error.inner_text()
    assert focused_id(page, "file") == "file"
    assert page.input_value("#lessons") == "Lessons beside a big file"
    page.set_input_files("#file", [])
    page.click("#save-draft")  # without the file the answers save as usual
    assert "Draft saved" in page.inner_text("main")
    assert stored_lessons(app, rid) == "Lessons beside a big file"
    assert stored(app, rid)[1] == before[1]


def wait_for_revision_above(page, revision):
    page.wait_for_function(
        "(r) => Number(document.querySelector('input[name=revision]').value) > r", arg=revision)


def test_autosave_keeps_the_revision_it_got_back_and_a_reload_shows_the_text(
        app, signed_in_page):
    rid = police_imr(app)
    page = signed_in_page(POLICE_USER)
    open_form(page, rid)
    first = int(page.input_value("input[name=revision]"))
    page.fill("#lessons", "First autosaved lessons")
    wait_for_revision_above(page, first)
    assert AUTOSAVED in page.inner_text("#autosave-status")
    page.fill("#lessons", "Second autosaved lessons")  # saved with the revision got back
    wait_for_revision_above(page, first + 1)
    assert stored(app, rid)[0] == int(page.input_value("input[name=revision]"))
    page.reload()
    assert page.input_value("#lessons") == "Second autosaved lessons"
    assert page.locator("#restored").is_hidden()  # nothing was lost, so nothing put back
    assert page.locator("#conflict").is_hidden()


def test_a_save_from_a_second_window_is_shown_as_a_conflict_and_own_text_kept(
        app, signed_in_page):
    rid = police_imr(app)
    first = signed_in_page(POLICE_USER)
    open_form(first, rid)
    second = first.context.new_page()
    open_form(second, rid)
    second.fill("#lessons", "Saved in the second window")
    second.click("#save-draft")
    assert "Draft saved" in second.inner_text("main")

    first.fill("#lessons", "Typed in the first window")
    conflict = first.locator("#conflict")
    conflict.wait_for(state="visible")
    assert "not saved" in conflict.inner_text() and "another window" in conflict.inner_text()
    assert first.input_value("#lessons") == "Typed in the first window"
    assert stored_lessons(app, rid) == "Saved in the second window"  # never overwritten
    first.wait_for_timeout(6000)  # autosave has stopped: still theirs
    assert stored_lessons(app, rid) == "Saved in the second window"


@pytest.mark.parametrize("app_config", [{"PERMANENT_SESSION_LIFETIME": timedelta(seconds=14)}])
def test_the_page_warns_before_the_idle_timeout_and_can_stay_signed_in(
        app, signed_in_page, app_config):
    page = signed_in_page(POLICE_USER)
    open_form(page, police_imr(app))
    warning = page.locator("#idle-warning")
    assert warning.is_hidden()
    warning.wait_for(state="visible", timeout=12_000)  # warned with 7 seconds left
    assert re.search(r"You will be signed out in \d+ seconds?", page.inner_text("#idle-message"))
    page.keyboard.press("Tab")  # the warning has focus; its button is next
    assert page.evaluate("document.activeElement.id") == "stay-signed-in"
    page.keyboard.press("Enter")
    warning.wait_for(state="hidden")
    page.wait_for_timeout(9000)  # past the moment the first session would have ended
    page.goto("/portal/")
    assert page.url.endswith("/portal/"), page.url  # still signed in


@pytest.mark.parametrize("app_config", [{"PERMANENT_SESSION_LIFETIME": timedelta(seconds=8)}])
def test_typed_text_survives_the_end_of_the_session_and_comes_back_after_signing_in(
        app, signed_in_page, auth, app_config):
    rid = police_imr(app)
    before = stored(app, rid)
    page = signed_in_page(POLICE_USER)
    open_form(page, rid)
    page.wait_for_selector("#sign-in-again", timeout=12_000)  # the session ended meanwhile
    page.fill("#lessons", "Typed after the session ended")
    page.click("#save-draft")
    page.wait_for_url(re.compile(r"/login"))
    assert "what you typed is kept" in page.inner_text("main")
    assert stored(app, rid) == before and stored_lessons(app, rid) != (
        "Typed after the session ended")

    page.fill("#email", POLICE_USER)
    page.fill("#password", auth.accounts[POLICE_USER]["password"])
    page.click("#submit")
    page.wait_for_url(re.compile(r"/tf-validate"))
    page.fill("#code", auth.code(POLICE_USER))
    page.click("#submit-code")
    page.wait_for_url(re.compile(rf"/portal/requests/{rid}$"))
    restored = page.locator("#restored")
    restored.wait_for(state="visible")
    assert "put back" in restored.inner_text()
    assert page.input_value("#lessons") == "Typed after the session ended"
    page.click("#save-draft")
    assert "Draft saved" in page.inner_text("main")
    assert stored_lessons(app, rid) == "Typed after the session ended"


@pytest.mark.parametrize("app_config", [{"PERMANENT_SESSION_LIFETIME": timedelta(seconds=8)}])
def test_answers_kept_in_the_window_never_reach_another_agency(app, signed_in_page, auth,
                                                                app_config):
    """Police's session ends with answers kept in the window; health signs in there next:
    police's request stays a 404 and health's own form gets nothing of police's text."""
    rid = police_imr(app)
    page = signed_in_page(POLICE_USER)
    open_form(page, rid)
    page.wait_for_selector("#sign-in-again", timeout=12_000)
    page.fill("#lessons", "Police text kept in the window")
    assert "Police text" in page.evaluate("JSON.stringify(Object.assign({}, sessionStorage))")

    page.goto("/login")
    page.fill("#email", world.HEALTH)
    page.fill("#password", auth.accounts[world.HEALTH]["password"])
    page.click("#submit")
    page.wait_for_url(re.compile(r"/tf-validate"))
    page.fill("#code", auth.code(world.HEALTH))
    page.click("#submit-code")
    page.wait_for_url(re.compile(r"/portal/"))
    assert "Police text" not in page.evaluate("JSON.stringify(Object.assign({}, sessionStorage))")
    assert page.goto(f"/portal/requests/{rid}").status == 404
    open_form(page, request_id(app, ON_HOLD, HEALTH, "involvement"))
    assert page.locator("#restored").is_hidden()
    assert "Police text" not in page.content()


def tab_to(page, selector, key="Tab", limit=80):
    """Press Tab (or Shift+Tab) until the element matching ``selector`` has focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} never got focus with {key}")


def test_an_agency_user_signs_in_and_submits_with_the_keyboard_alone(
        app, browser, live_server, auth):
    rid = request_id(app, ON_HOLD, POLICE, "involvement")  # sent, nothing saved yet
    context = browser.new_context(base_url=live_server)
    try:
        page = context.new_page()
        page.goto("/login")
        tab_to(page, "#email")
        page.keyboard.type(POLICE_USER)
        tab_to(page, "#password")
        page.keyboard.type(auth.accounts[POLICE_USER]["password"])
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/tf-validate"))
        tab_to(page, "#code")
        page.keyboard.type(auth.code(POLICE_USER))
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/portal/$"))

        tab_to(page, f"#task-{rid} a")
        page.keyboard.press("Enter")
        page.wait_for_selector("#answers-form")
        answered = fill_with_keyboard(page)
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.id") == "save-draft"
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # save and check your answers

        page.wait_for_url(re.compile(rf"/portal/requests/{rid}/check$"))
        assert page.locator("#error-summary").count() == 0, page.inner_text("#error-summary")
        assert "Answer typed for records_searched" in page.inner_text("#check-answers")
        tab_to(page, "#confirm-submit")
        page.keyboard.press("Space")
        page.wait_for_url(re.compile(rf"/portal/requests/{rid}/receipt$"))
        assert "Form submitted" in page.inner_text("#confirmation")
        receipt = page.inner_text("#receipt")
        assert POLICE in receipt and "Agency involvement (scoping) return" in receipt
        assert re.search(r"Submitted at\s+\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}", receipt)
        assert answered >= 3
    finally:
        context.close()
    with app.app_context():
        assert db.session.get(FormRequest, rid).status.name == "submitted"


def fill_with_keyboard(page):
    """Tab through the form to the submit button: type into every text box, Space on the
    first radio of each group (Yes) and on check boxes; dates and files are left empty."""
    answered = 0
    for _ in range(120):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement;
            return {id: e.id, tag: e.tagName, type: e.type || '', name: e.name || ''}; }""")
        if info["id"] == "submit-form":
            return answered
        if info["name"].rsplit("-", 1)[-1] in ("day", "month", "year", "time"):
            continue  # a date's boxes: left empty, as the docstring says
        if info["tag"] == "TEXTAREA" or (info["tag"] == "INPUT" and info["type"] == "text"):
            page.keyboard.type(f"Answer typed for {info['name']}")
            answered += 1
        elif info["type"] in ("radio", "checkbox"):
            page.keyboard.press("Space")
    raise AssertionError("the submit button was never reached with Tab")


# Accessibility: axe-core on every portal page, also with errors shown.

def serious(axe, page, name, found):
    violations = axe.run(page).response["violations"]
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in violations
           if v["impact"] in ("critical", "serious")]
    if bad:
        found[name] = bad


def test_portal_pages_have_no_serious_accessibility_violations(app, axe, signed_in_page):
    rid = police_imr(app)
    involvement = request_id(app, ON_HOLD, POLICE, "involvement")
    page = signed_in_page(POLICE_USER)
    found = {}
    page.goto("/portal/")
    serious(axe, page, "task list", found)
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "portal-390.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    open_form(page, rid)
    serious(axe, page, "form", found)
    page.set_input_files("#file", {"name": "run.bat", "mimeType": "text/plain",
                                   "buffer": b"\x00\x01binary"})
    page.click("#save-draft")
    page.wait_for_selector("#error-summary")
    serious(axe, page, "form with a refused file", found)
    # Longer than the field allows (typing stops at maxlength; a script-set value does not).
    page.locator("#author_name").evaluate("e => { e.value = 'x'.repeat(200); }")
    page.click("#save-draft")
    page.wait_for_selector("#author_name-error")
    serious(axe, page, "form with a field error", found)
    page.locator("#idle-warning").evaluate("e => e.hidden = false")  # as the timer shows it
    serious(axe, page, "form with the idle warning", found)

    page.goto(f"/portal/requests/{involvement}/check")
    serious(axe, page, "check your answers, still incomplete", found)
    page.goto(f"/portal/requests/{involvement}")
    page.check("#had_contact-0")
    page.check("#imr_recommended-0")
    for name in ("contact_summary", "records_searched", "declaration_name", "declaration_role",
                 "senior_signoff_name", "senior_signoff_role"):
        if page.locator(f"#{name}").count():
            page.fill(f"#{name}", "Answer")
    if page.locator("#declaration_confirmed").count():
        page.check("#declaration_confirmed")
    page.click("#submit-form")
    page.wait_for_url(re.compile(r"/check$"))
    serious(axe, page, "check your answers", found)
    page.click("#confirm-submit")
    page.wait_for_url(re.compile(r"/receipt$"))
    serious(axe, page, "confirmation and receipt", found)
    page.goto(f"/portal/requests/{involvement}")
    serious(axe, page, "submitted form", found)
    page.goto("/portal/notify")
    serious(axe, page, "notify a death", found)
    page.fill("#victim_age", "200")
    page.click("#send-notification")
    page.wait_for_selector("#error-summary")
    serious(axe, page, "notify a death with an error", found)
    assert not found, f"serious or critical accessibility violations: {found}"
