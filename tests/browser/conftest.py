"""Browser journeys: a live server in a background thread, Debian's Chromium driven by Playwright, and axe-core.

Every journey calls `assert_accessible(page)` on each page it visits. A missing browser is a failure, never a skip.
"""

import threading
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from tests.conftest import DEMO_PASSWORD, make_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test, even one whose file forgets `pytestmark = pytest.mark.browser`."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(app):
    """The base URL of a real HTTP server, sharing the test database, with CSRF protection on as in production."""
    server = make_server("127.0.0.1", 0, make_app(WTF_CSRF_ENABLED=True), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"The browser tests need Debian's Chromium at {CHROMIUM}: `apt-get install chromium` installs it.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _record_console(page, message) -> None:
    # Failed requests are judged by their response below, where a deliberate 404 page can be told apart.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        page.problems.append(f"console: {message.text}")


def _record_response(page, response) -> None:
    """A server error anywhere, or a missing stylesheet, script or image, is a problem; a 404 page itself is not."""
    if response.status >= 500 or (response.status >= 400 and not response.request.is_navigation_request()):
        page.problems.append(f"HTTP {response.status}: {response.request.method} {response.url}")


def _open_page(browser, live_server, viewport):
    context = browser.new_context(base_url=live_server, viewport=viewport)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: _record_console(page, message))
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    page.on("response", lambda response: _record_response(page, response))
    return context, page


def _close_page(context, page):
    problems = page.problems
    context.close()
    assert not problems, "The browser met problems (a server error, a broken asset, a CSP violation?):\n" + (
        "\n".join(problems)
    )


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab at desktop size; `page.goto("/path")` is relative to the live server."""
    context, page = _open_page(browser, live_server, DESKTOP)
    yield page
    _close_page(context, page)


@pytest.fixture
def phone_page(browser, live_server):
    """A fresh browser tab at the size of a phone."""
    context, page = _open_page(browser, live_server, PHONE)
    yield page
    _close_page(context, page)


def _inject_axe(page) -> None:
    """Load axe-core into the page. The page's CSP refuses an injected <script> tag, so evaluate it over DevTools."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing at {AXE_SCRIPT}: run `npm ci` (or `make test`, which does).")
    if page.evaluate("typeof window.axe === 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))


def _describe(violation: dict) -> str:
    nodes = violation["nodes"]
    targets = "\n".join(f"      {' '.join(map(str, node['target']))}: {node['html'][:160]}" for node in nodes)
    return f"  {violation['id']} ({violation['impact']}): {violation['help']}\n    {violation['helpUrl']}\n{targets}"


def assert_accessible(page) -> None:
    """Run axe-core at WCAG 2.2 A and AA on the page as it is now, and fail listing every violation."""
    page.wait_for_load_state()
    _inject_axe(page)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    try:
        results = page.evaluate("options => axe.run(document, options)", options)
    except PlaywrightError as error:
        pytest.fail(f"axe-core could not run on {page.url}: {error}")
    violations = results["violations"]
    assert not violations, f"{len(violations)} accessibility violations on {page.url}:\n" + "\n".join(
        _describe(violation) for violation in violations
    )


def sign_in_through_the_form(page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in as a person would, from the sign-in page."""
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
