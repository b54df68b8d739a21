"""The harness itself: assert_accessible must fail on a page with real accessibility problems."""

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

INACCESSIBLE = """<!DOCTYPE html>
<html lang="en"><head><title>Broken</title></head>
<body><main><h1>Broken</h1><input type="text" name="q"><button type="submit"></button>
<p style="color: #bbb; background: #fff">Faint text</p></main></body></html>"""


def test_assert_accessible_lists_every_violation(page):
    page.set_content(INACCESSIBLE)
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    report = str(failure.value)
    for rule in ("label", "button-name", "color-contrast"):
        assert f"  {rule} (" in report
    assert '<input type="text" name="q">' in report, "the report should show the offending element"
