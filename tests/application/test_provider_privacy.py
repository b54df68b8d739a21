"""Provider staff never see free school meals, looked-after status or SEN/EHCP, a learner's other choices, or
another provider's applicants; another provider's choice is not found on any route."""

import re

import pytest

from application import states
from application.models import OfferCondition, Qualification
from core.extensions import db
from tests.conftest import sign_in
from tests.factories import ApplicationFactory, ChoiceFactory, CourseFactory, LearnerFactory, UserFactory

FORBIDDEN_WORDS = re.compile(
    r"free[ -]school[ -]meals|\bFSM\b|looked[ -]after|\bEHCP?\b|EHC plan|education, health and care|"
    r"special educational|SEN support|sen_status|\brank(ed)?\b|other choices",
    re.IGNORECASE,
)
PYTHON_BOOLEANS = re.compile(r"\b(True|False)\b")  # how a leaked flag would print
OTHER_CHOICE_WORDS = ("Hidden Harbour College", "Marine Engineering Secret", "Quentin Elsewhere")

ROUTES = ["", "/invite-to-interview", "/make-offer", "/reject", "/withdraw-offer", "/conditions", "/record-enrolment"]


@pytest.fixture
def world():
    """A learner with FSM, an EHC plan and looked-after status, who chose our course and another provider's."""
    staff = UserFactory(provider_staff=True)
    learner = LearnerFactory(
        given_name="Tamsin",
        family_name="Quill",
        free_school_meals=True,
        looked_after=True,
        sen_status="ehcp",
    )
    application = ApplicationFactory(
        submitted=True,
        learner=learner,
        support_needs="I need a quiet room for exams.",
        current_school="Bicester School",
    )
    db.session.add(Qualification(application=application, kind="gcse", subject="English", grade="6"))
    db.session.commit()
    other_course = CourseFactory(title="Marine Engineering Secret", provider__name="Hidden Harbour College")
    elsewhere = ChoiceFactory(application=application, course=other_course, rank=1, offered=True)
    own_choices = {
        status: ChoiceFactory(
            application=application,
            course=CourseFactory(provider=staff.provider, title=f"Course {index}"),
            rank=index + 2,
            **({status: True} if status != states.SUBMITTED else {}),
        )
        for index, status in enumerate((states.SUBMITTED, states.INTERVIEW, states.OFFERED, states.ACCEPTED))
    }
    db.session.add(OfferCondition(choice_id=own_choices[states.ACCEPTED].id, text="Grade 5 in English"))
    stranger = ChoiceFactory(course=other_course, application__learner__given_name="Quentin")
    stranger.application.learner.family_name = "Elsewhere"
    db.session.commit()
    return {"staff": staff, "own": own_choices, "elsewhere": elsewhere, "stranger": stranger}


def assert_private(text: str, where: str) -> None:
    found = FORBIDDEN_WORDS.search(text)
    assert found is None, f"{where} shows {found.group(0)!r}"
    assert not PYTHON_BOOLEANS.search(text), f"{where} shows a yes/no flag"
    for words in OTHER_CHOICE_WORDS:
        assert words not in text, f"{where} shows {words!r}"


def test_no_page_shows_protected_characteristics_or_other_choices(client, world):
    sign_in(client, world["staff"])
    pages = ["/provider/applications/", "/provider/applications/?status=offers"]
    for choice in world["own"].values():
        pages += [f"/provider/applications/{choice.id}{route}" for route in ROUTES]
    seen = 0
    for path in pages:
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True)
        assert_private(text, path)
        seen += "Tamsin Quill" in text
    assert seen == len(pages), "every page was about the learner"


def test_the_choice_page_shows_the_learners_own_words_but_not_their_records(client, world):
    sign_in(client, world["staff"])
    html = client.get(f"/provider/applications/{world['own'][states.SUBMITTED].id}").get_data(as_text=True)
    assert "I need a quiet room for exams." in html and "Bicester School" in html and "English" in html
    assert_private(html, "choice page")


def test_the_export_shows_no_protected_characteristics_nor_other_choices(client, world):
    sign_in(client, world["staff"])
    text = client.get("/provider/applications/export.csv").get_data(as_text=True)
    assert text.count("Tamsin Quill") == len(world["own"])
    assert_private(text, "export")
    header = text.splitlines()[0].lower()
    for word in ("meals", "looked", "sen", "ehc", "rank"):
        assert word not in header


def test_a_failed_form_and_a_note_stay_private(client, world):
    sign_in(client, world["staff"])
    choice = world["own"][states.SUBMITTED]
    html = client.post(f"/provider/applications/{choice.id}/make-offer", data={"version": "1"}).get_data(as_text=True)
    assert "There is a problem" in html
    assert_private(html, "offer form with errors")
    html = client.post(f"/provider/applications/{choice.id}/notes", data={"text": ""}).get_data(as_text=True)
    assert "Enter your note" in html
    assert_private(html, "note form with errors")


def test_another_providers_choice_is_not_found_on_every_route(client, world):
    sign_in(client, world["staff"])
    for choice in (world["elsewhere"], world["stranger"]):
        for route in ROUTES:
            path = f"/provider/applications/{choice.id}{route}"
            assert client.get(path).status_code == 404, path
            if route:
                assert client.post(path, data={"version": str(choice.version)}).status_code == 404, path
        notes = client.post(f"/provider/applications/{choice.id}/notes", data={"text": "Hello"})
        assert notes.status_code == 404
    db.session.expire_all()
    assert world["elsewhere"].status == states.OFFERED and world["elsewhere"].notes == []


def test_notes_are_only_for_the_provider_that_wrote_them(client, world):
    sign_in(client, world["staff"])
    choice = world["own"][states.SUBMITTED]
    client.post(f"/provider/applications/{choice.id}/notes", data={"text": "Private: spoke to the school."})
    client.post("/sign-out")

    sign_in(client, UserFactory(provider_staff=True, provider=world["elsewhere"].course.provider))
    assert client.get(f"/provider/applications/{choice.id}").status_code == 404
    inbox = client.get("/provider/applications/").get_data(as_text=True)
    assert "Private: spoke to the school." not in inbox
    assert "Tamsin Quill" in inbox and "Course 0" not in inbox


def test_every_provider_route_is_covered_here(app):
    """A new route with a choice id must join ROUTES, so that its privacy is tested."""
    rules = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("provider_applications.")}
    with_choice = {rule.removeprefix("/provider/applications/<int:choice_id>") for rule in rules if "<" in rule}
    assert with_choice == {*ROUTES, "/notes"}
