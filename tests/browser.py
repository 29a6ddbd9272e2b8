"""Browser test plumbing (a pytest plugin loaded by conftest.py): headless Debian Chromium
driven by Playwright, the test's app on a real threaded server, and pages signed in through
a session made as a real sign-in makes it.

Fixtures: ``browser`` (session), ``live_server`` (base URL), ``signed_in_page(email)``
(signed in directly, or through the forms with the ``real_sign_in`` marker),
``axe`` (axe-core's WCAG 2.2 AA rules, run on a page).
Chromium comes from the system (``CHROMIUM_PATH``, default /usr/bin/chromium): no download.
"""
import os
import re
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from werkzeug.serving import make_server

from conftest import ROOT, need, signed_in_session

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-quic"]
ARTIFACTS = ROOT / "test-artifacts"
TIMEOUT_MS = 15_000


def focused_id(page, expected, timeout_ms=5_000):
    """The id of the element with focus, once it is ``expected`` or after the timeout: pages
    move focus from a deferred script, which may run after Playwright sees the element."""
    try:
        page.wait_for_function("(id) => document.activeElement && document.activeElement.id === id",
                               arg=expected, timeout=timeout_ms)
    except PlaywrightTimeout:
        pass
    return page.evaluate("document.activeElement ? document.activeElement.id : null")


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell a failed test at teardown."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    executable = Path(CHROMIUM_PATH)
    need(executable.is_file() and os.access(executable, os.X_OK),
         f"Chromium not found at {executable} (install Debian's chromium or set CHROMIUM_PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "playwright is not installed (pip install -r requirements-dev.txt)")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(executable), headless=True,
                                              args=LAUNCH_ARGS)
    except Exception as error:
        playwright.stop()
        need(False, f"Chromium at {executable} did not start: {error}")
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def live_server(app):
    """The test's own app (on its own database copy) served on a free loopback port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser_user_agent(browser):
    context = browser.new_context()
    user_agent = context.new_page().evaluate("navigator.userAgent")
    context.close()
    return user_agent


@pytest.fixture
def signed_in_page(request, browser, browser_user_agent, app, live_server, auth):
    """``signed_in_page(email)`` opens a fresh browser context, signed in, and returns the
    page where /home leads (/admin/ or /portal/). Its session cookie is made as ``auth``
    makes one; with the ``real_sign_in`` marker it signs in with password and a TOTP code
    (never one already used: codes come from the ``auth`` helper)."""
    contexts = []
    real = request.node.get_closest_marker("real_sign_in") is not None

    def sign_in(email, password=None):
        context = browser.new_context(base_url=live_server)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        if real or password:
            page.goto("/login")
            page.fill("#email", email)
            page.fill("#password", password or auth.accounts[email]["password"])
            page.click("#submit")
            page.wait_for_url(re.compile(r"/tf-validate"))
            page.fill("#code", auth.code(email))
            page.click("#submit-code")
        else:
            session = signed_in_session(app, email, {"REMOTE_ADDR": "127.0.0.1",
                                                     "HTTP_USER_AGENT": browser_user_agent})
            cookie = app.session_interface.get_signing_serializer(app).dumps(session)
            context.add_cookies([{"name": app.config["SESSION_COOKIE_NAME"], "value": cookie,
                                  "url": live_server}])
            page.goto("/home")
        page.wait_for_url(re.compile(r"/(admin|portal)/"))
        return page

    yield sign_in
    if _failed(request.node):
        _save_screenshots(request.node, contexts)
    for context in contexts:
        context.close()


def _failed(item):
    return any(getattr(item, f"report_{when}", None) is not None
               and getattr(item, f"report_{when}").failed for when in ("setup", "call"))


def _save_screenshots(item, contexts):
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", item.nodeid)[-150:]
    for c, context in enumerate(contexts):
        for p, page in enumerate(context.pages):
            try:
                page.screenshot(path=str(ARTIFACTS / f"{stem}-{c}-{p}.png"), full_page=True)
            except Exception:  # a broken page must not hide the test's own failure
                pass
