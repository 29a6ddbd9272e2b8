"""The forms tracker in a real browser with a real RQ worker: pressed on the forms page, the
panel shows the job waiting, then (polling its JSON status with static/jobs.js) its progress
and the download link, with no page reload."""
import re
import threading
import uuid

import pytest

from test_jobs_record import grid_url, visible_requests
from world import MANAGER

pytestmark = pytest.mark.browser


@pytest.fixture
def app_config(redis_url):
    return {"REDIS_URL": redis_url, "RQ_QUEUE": f"test-{uuid.uuid4().hex[:8]}"}


def test_progress_then_the_download_link_appear_on_the_page(app, live_server, signed_in_page,
                                                             run_worker):
    page = signed_in_page(MANAGER)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(grid_url(app))
    page.click("#job-start")
    page.wait_for_url(re.compile(r"#jobs$"))
    label = page.locator(".job-panel .job-label")
    assert label.inner_text() == "Waiting to start"
    marker = page.evaluate("window.__not_reloaded = true")  # a reload would drop it
    assert marker is True

    seen = []
    page.expose_function("noteStatus", lambda text: seen.append(text))
    page.evaluate("""() => new MutationObserver(() => window.noteStatus(
        document.querySelector('.job-panel .job-label').textContent + ' ' +
        document.querySelector('.job-panel .job-message').textContent)).observe(
        document.querySelector('.job-panel'), {subtree: true, childList: true,
                                               characterData: true})""")
    worker = threading.Thread(target=run_worker)
    worker.start()
    link = page.locator(".job-download-link")
    link.wait_for(state="visible", timeout=60_000)
    worker.join(120)
    total = visible_requests(app)
    assert label.inner_text() == "Done"
    assert page.locator(".job-message").inner_text() == f"Written {total} of {total} form requests"
    assert page.locator(".job-bar").get_attribute("aria-valuenow") == "100"
    assert page.evaluate("window.__not_reloaded") is True  # updated by polling, not reloading
    assert any(text.startswith("Done") for text in seen), seen
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("Forms tracker DHR-2026-001")
    assert download.suggested_filename.endswith(".xlsx")
    assert errors == []


def test_the_papers_pack_shows_its_link_when_made_without_a_reload(app, live_server,
                                                                   signed_in_page, run_worker):
    """The meeting page's papers pack is a job like the others: jobs.js follows it."""
    from meetings_helpers import meeting_id
    from models import MeetingKind
    from world import GATHERING
    meeting = meeting_id(app, GATHERING, MeetingKind.panel, upcoming=False)
    page = signed_in_page(MANAGER)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"/admin/meetings/{meeting}/")
    page.click("#make-pack")
    page.wait_for_url(re.compile(r"#pack$"))
    assert page.inner_text("#pack-status") == "Waiting to start"
    assert page.locator("#pack-download").is_hidden()
    page.evaluate("window.__not_reloaded = true")
    worker = threading.Thread(target=run_worker)
    worker.start()
    page.locator("#pack-download").wait_for(state="visible", timeout=60_000)
    worker.join(120)
    assert page.inner_text("#pack-status") == "Done"
    assert page.evaluate("window.__not_reloaded") is True
    with page.expect_download() as download_info:
        page.click("#pack-download")
    assert download_info.value.suggested_filename.endswith(".zip")
    assert errors == []
