"""Every adviser and council guarantee page and export, requested by each role.

Anonymous people are sent to sign in; learners and provider staff are refused (403) and the refusal shows nothing of
anyone; an adviser sees only the learners in their caseload (another learner's page is not found, and lists, counts
and exports leave them out); the council sees everyone.
"""

import re

import pytest

from tests.conftest import sign_in
from tests.factories import LearnerUserFactory, UserFactory
from tests.guarantee.test_adviser_pages import build_world

CHARACTERISTIC_WORDS = re.compile(
    r"free[ -]school[ -]meals|\bFSM\b|looked[ -]after|\bEHCP?\b|EHC plan|special educational|SEN support",
    re.IGNORECASE,
)
ACCOUNT_BAR = re.compile(r'<form[^>]*class="pathways-account-bar".*?</form>', re.S)
LEARNER_PAGE = re.compile(r"^/adviser/learners/(\d+)")
RECORD_FORMS = ("/record-offer", "/record-not-appropriate", "/record-contact", "/record-intended-destination")


@pytest.fixture
def world():
    return build_world()


def adviser_pages(world) -> list[str]:
    lists = [
        "/adviser/",
        "/adviser/?year=2027&year_group=12",
        "/adviser/learners?year=2027",
        "/adviser/learners?year=2027&year_group=12",
        "/adviser/learners?year=2027&filter=fsm",
        "/adviser/learners?year=2027&filter=looked-after",
        "/adviser/learners?year=2027&filter=ehcp",
        "/adviser/learners?year=2027&filter=fsm&filter=no-offer&sort=status",
        "/adviser/learners/export.csv?year=2027",
        "/adviser/learners/export.csv?year=2027&filter=fsm",
    ]
    return lists + [path for key in world["learners"] for path in learner_pages(world, key)]


def learner_pages(world, key: str) -> list[str]:
    base = f"/adviser/learners/{world['learners'][key].id}"
    return [f"{base}?year=2027"] + [f"{base}{form}?year=2027" for form in RECORD_FORMS]


def council_pages(world) -> list[str]:
    return [
        "/council/guarantee/",
        "/council/guarantee/caseloads",
        f"/council/guarantee/caseloads/{world['adviser'].id}",
        "/council/guarantee/follow-up-rules/2027",
        "/council/guarantee/nccis-return",
        "/council/guarantee/nccis-return.csv?year=2027&year_group=11",
    ]


def posts(world) -> list[str]:
    return [path for path in adviser_pages(world) if any(form in path for form in RECORD_FORMS)] + [
        f"/council/guarantee/caseloads/{world['adviser'].id}",
        "/council/guarantee/follow-up-rules/2027",
    ]


def learner_identifiers(learner) -> list[str]:
    return [learner.full_name, learner.family_name, learner.upn]


def assert_shows_no_one(text: str, world, where: str) -> None:
    text = ACCOUNT_BAR.sub("", text)  # "Signed in as ...": a learner's own name
    found = CHARACTERISTIC_WORDS.search(text)
    assert found is None, f"{where} shows {found.group(0)!r}"
    for learner in world["learners"].values():
        for identifier in learner_identifiers(learner):
            assert identifier not in text, f"{where} shows {identifier!r}"


def test_anonymous_people_are_sent_to_sign_in(client, world):
    for path in adviser_pages(world) + council_pages(world):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/sign-in"), path
    for path in posts(world):
        assert client.post(path, data={"method": "phone"}).status_code == 302, path


@pytest.mark.parametrize("role", ["learner", "provider"])
def test_learners_and_provider_staff_are_refused_everything(client, world, role):
    if role == "learner":
        user = LearnerUserFactory(learner=world["learners"]["tamsin"])
    else:
        user = UserFactory(provider_staff=True, provider=world["provider"])  # Tamsin applied to this provider
    sign_in(client, user)
    for path in adviser_pages(world) + council_pages(world):
        response = client.get(path)
        assert response.status_code == 403, path
        assert_shows_no_one(response.get_data(as_text=True), world, f"{role}: {path}")
    for path in posts(world):
        response = client.post(path, data={"method": "phone", "outcome": "spoke", "schools": ["1"]})
        assert response.status_code == 403, path
        assert_shows_no_one(response.get_data(as_text=True), world, f"{role}: POST {path}")


def test_an_adviser_never_sees_learners_outside_their_caseload(client, world):
    sign_in(client, world["adviser"])
    outsider = world["learners"]["quentin"]
    for path in adviser_pages(world):
        response = client.get(path)
        text = response.get_data(as_text=True)
        if f"/learners/{outsider.id}" in path:
            assert response.status_code == 404, path
            assert_shows_no_one(text, world, path)
        else:
            assert response.status_code == 200, path
            for identifier in learner_identifiers(outsider):
                assert identifier not in text, f"{path} shows {identifier!r}"
            assert "Cherwell School" not in text and "654321" not in text, path
    for form in RECORD_FORMS:
        path = f"/adviser/learners/{outsider.id}{form}?year=2027"
        assert client.post(path, data={"method": "phone", "outcome": "spoke"}).status_code == 404


def test_another_adviser_sees_only_their_own_school(client, world):
    sign_in(client, world["other_adviser"])
    insiders = [learner for key, learner in world["learners"].items() if key != "quentin"]
    for path in adviser_pages(world):
        response = client.get(path)
        shown = LEARNER_PAGE.search(path)
        in_caseload = shown is None or int(shown.group(1)) == world["learners"]["quentin"].id
        assert response.status_code == (200 if in_caseload else 404), path
        text = response.get_data(as_text=True)
        for learner in insiders:
            for identifier in learner_identifiers(learner):
                assert identifier not in text, f"{path} shows {identifier!r}"
    export = client.get("/adviser/learners/export.csv?year=2027").get_data(as_text=True)
    assert export.count("\n") == 2 and "Elsewhere" in export


def test_an_adviser_sees_characteristics_of_their_own_learners(client, world):
    sign_in(client, world["adviser"])
    html = client.get(f"/adviser/learners/{world['learners']['tamsin'].id}?year=2027").get_data(as_text=True)
    assert re.search(r"Free school meals\s*</dt>\s*<dd[^>]*>\s*Yes", html)
    assert "EHC plan" in html


def test_the_council_is_refused_nothing_and_sees_everyone(client, world):
    sign_in(client, world["council"])
    for path in adviser_pages(world) + council_pages(world):
        assert client.get(path).status_code == 200, path
    export = client.get("/adviser/learners/export.csv?year=2027").get_data(as_text=True)
    assert all(learner.family_name in export for key, learner in world["learners"].items() if key != "grace")
    assert "Yes,Yes,Yes" in export  # Tamsin: free school meals, looked after, EHC plan
    nccis = client.get("/council/guarantee/nccis-return.csv?year=2027&year_group=11").get_data(as_text=True)
    assert "Elsewhere" in nccis and "Quill" in nccis


def test_the_nccis_return_never_carries_characteristics(client, world):
    sign_in(client, world["council"])
    nccis = client.get("/council/guarantee/nccis-return.csv?year=2027&year_group=11").get_data(as_text=True)
    header = nccis.splitlines()[0].lower()
    for word in ("meals", "fsm", "looked", "ehc", "sen"):
        assert word not in header
