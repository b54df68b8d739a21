"""The adviser's pages: the dashboard, lists of learners, a learner's record, and the recording forms."""

import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from application import rules, states
from application.guarantee_models import AdviserContact, ExternalOffer, FollowUp, NotAppropriateRecord
from application.models import ChoiceEvent
from application.services import guarantee_lists
from core.extensions import db
from core.models import AuditEvent
from core.timeutil import utcnow
from tests.conftest import Page, sign_in
from tests.factories import (
    AdviserContactFactory,
    ApplicationFactory,
    AreaFactory,
    CaseloadAssignmentFactory,
    ChoiceFactory,
    CohortEntryFactory,
    CourseFactory,
    EntryYearFactory,
    ExternalOfferFactory,
    FollowUpFactory,
    LearnerFactory,
    NotAppropriateFactory,
    ProviderFactory,
    SchoolFactory,
    UserFactory,
)


def build_world() -> dict:
    """Year 11 of September 2027 at two schools in two areas. Wykham Park is in the adviser's caseload:

    Tamsin (FSM, looked after, EHC plan) applied and waits too long for a decision, with a follow-up open; Oliver
    holds an offer; Zofia (FSM) has nothing recorded; Callum's offer is not appropriate; Priya (FSM) applied and
    every choice ended. Quentin (FSM, looked after) is at Cherwell School, in another adviser's caseload.
    """
    entry_year = EntryYearFactory(year=2027)
    north, south = AreaFactory(name="Banbury and the north"), AreaFactory(name="Oxford and the south")
    wykham = SchoolFactory(name="Wykham Park Academy", area=north, urn="123456")
    cherwell = SchoolFactory(name="Cherwell School", area=south, urn="654321")
    adviser = UserFactory(adviser=True, name="Alex Adviser", email="alex.adviser@example.org")
    CaseloadAssignmentFactory(adviser=adviser, school=wykham)
    other_adviser = UserFactory(adviser=True, name="Olu Other", email="olu.other@example.org")
    CaseloadAssignmentFactory(adviser=other_adviser, school=cherwell)

    def learner(given, family, school=wykham, year_group=11, **characteristics):
        person = LearnerFactory(given_name=given, family_name=family, **characteristics)
        CohortEntryFactory(learner=person, entry_year=entry_year, school=school, year_group=year_group)
        return person

    tamsin = learner("Tamsin", "Quill", free_school_meals=True, looked_after=True, sen_status="ehcp")
    oliver = learner("Oliver", "Hughes")
    zofia = learner("Zofia", "Nowak", free_school_meals=True)
    callum = learner("Callum", "MacLeod")
    priya = learner("Priya", "Patel", free_school_meals=True)
    quentin = learner("Quentin", "Elsewhere", school=cherwell, free_school_meals=True, looked_after=True)
    grace = learner("Grace", "Osei", year_group=12)

    provider = ProviderFactory(name="Banbury and Bicester College")
    waiting = ChoiceFactory(
        application=ApplicationFactory(learner=tamsin, entry_year=entry_year, submitted=True),
        course=CourseFactory(provider=provider, entry_year=entry_year, title="Motor vehicle maintenance"),
        submitted_at=utcnow() - timedelta(days=60),
    )
    db.session.add(
        ChoiceEvent(
            choice_id=waiting.id,
            event=states.SUBMIT,
            from_status=states.DRAFT,
            to_status=states.SUBMITTED,
            actor_id=None,
            occurred_at=waiting.submitted_at,
        )
    )
    ChoiceFactory(
        application=ApplicationFactory(learner=oliver, entry_year=entry_year, submitted=True),
        course=CourseFactory(provider=provider, entry_year=entry_year, title="A level Physics"),
        offered=True,
    )
    NotAppropriateFactory(learner=callum, entry_year=entry_year, recorded_on=rules.uk_today(), reason="custody")
    ChoiceFactory(
        application=ApplicationFactory(learner=priya, entry_year=entry_year, submitted=True),
        course=CourseFactory(provider=provider, entry_year=entry_year, title="Hair and beauty"),
        rejected=True,
    )
    follow_up = FollowUpFactory(learner=tamsin, entry_year=entry_year, reason="all-choices-ended", priority_group="fsm")
    db.session.commit()
    return {
        "entry_year": entry_year,
        "adviser": adviser,
        "other_adviser": other_adviser,
        "council": UserFactory(name="Chris Council"),
        "schools": {"wykham": wykham, "cherwell": cherwell},
        "learners": {
            "tamsin": tamsin,
            "oliver": oliver,
            "zofia": zofia,
            "callum": callum,
            "priya": priya,
            "quentin": quentin,
            "grace": grace,
        },
        "follow_up": follow_up,
        "provider": provider,
    }


@pytest.fixture
def world():
    return build_world()


def names_listed(html: str) -> list[str]:
    return re.findall(r'href="/adviser/learners/\d+\?year=2027">([^<]+)</a>', html)


def learner_url(world, key: str, suffix: str = "") -> str:
    return f"/adviser/learners/{world['learners'][key].id}{suffix}?year=2027"


# The dashboard


def test_the_council_dashboard_shows_every_status_for_the_whole_area(client, world):
    sign_in(client, world["council"])
    page = Page(client.get("/adviser/"))
    assert page.h1 == "September Guarantee"
    html = page.html
    assert re.search(r'id="cohort-size"><span class="pathways-figure">6</span> learners in the Year 11 cohort', html)
    days_left = (world["entry_year"].guarantee_deadline - rules.uk_today()).days
    assert f'<span class="pathways-figure">{days_left}</span> days left to the guarantee deadline' in html
    status_table = re.search(r'id="status-table".*?</table>', html, re.S).group(0)
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", status_table, re.S)
    ]
    # Oliver: offer made; Callum: not appropriate; Tamsin, Priya: no offer; Zofia, Quentin: not recorded.
    assert cells[3:] == [
        "Offer made", "1", "16.7%",
        "Offer not appropriate", "1", "16.7%",
        "No offer", "2", "33.3%",
        "Not recorded", "2", "33.3%",
        "Whole cohort", "6", "100.0%",
    ]  # fmt: skip
    assert "Banbury and the north" in html and "Oxford and the south" in html
    assert "Wykham Park Academy" in html and "Cherwell School" in html
    assert "94.6%" in html and "England, 2022" in html


def test_the_fsm_gap_is_in_percentage_points(client, world):
    sign_in(client, world["council"])
    html = client.get("/adviser/").get_data(as_text=True)
    # FSM: Tamsin, Zofia, Priya, Quentin, none with an offer: 0%. Others: Oliver of Oliver and Callum: 50%.
    assert "Learners eligible for free school meals are 50.0 percentage points behind other learners" in html


def test_charts_are_inline_svg_hidden_from_screen_readers_beside_tables(client, world):
    sign_in(client, world["council"])
    html = client.get("/adviser/").get_data(as_text=True)
    charts = re.findall(r"<svg[^>]*>", html)
    assert len(charts) == 4
    assert all('aria-hidden="true"' in chart and 'focusable="false"' in chart for chart in charts)
    assert "style=" not in html
    main = re.search(r"<main.*</main>", html, re.S).group(0)
    assert "<script" not in main  # no JavaScript needed
    assert html.count('<table class="govuk-table"') >= 5


def test_an_adviser_sees_only_their_caseload_on_the_dashboard(client, world):
    sign_in(client, world["adviser"])
    html = client.get("/adviser/").get_data(as_text=True)
    assert re.search(r'<span class="pathways-figure">5</span> learners in the Year 11 cohort', html)
    assert "Cherwell School" not in html and "Oxford and the south" not in html
    assert "your caseload" in html


def test_the_dashboard_for_year_12_and_an_unknown_year(client, world):
    sign_in(client, world["council"])
    html = client.get("/adviser/?year=2027&year_group=12").get_data(as_text=True)
    assert re.search(r'<span class="pathways-figure">1</span> learners in the Year 12 cohort', html)
    html = client.get("/adviser/?year=1999&year_group=13").get_data(as_text=True)
    assert "learners in the Year 11 cohort" in html  # falls back to the current entry year and Year 11


def test_an_adviser_without_a_caseload_is_told_why_the_dashboard_is_empty(client, world):
    sign_in(client, UserFactory(adviser=True))
    html = Page(client.get("/adviser/")).html
    assert "Ask the council’s 14-19 team to assign you schools or areas" in html


def test_a_passed_deadline(client, world):
    world["entry_year"].guarantee_deadline = rules.uk_today() - timedelta(days=1)
    world["entry_year"].main_deadline = rules.uk_today() - timedelta(days=10)
    world["entry_year"].applications_open = rules.uk_today() - timedelta(days=100)
    db.session.commit()
    sign_in(client, world["council"])
    html = client.get("/adviser/?year=2027").get_data(as_text=True)
    assert "The guarantee deadline was" in html


# Lists


def test_quick_filters(client, world):
    sign_in(client, world["adviser"])
    expected = {
        "": ["Hughes, Oliver", "MacLeod, Callum", "Nowak, Zofia", "Patel, Priya", "Quill, Tamsin"],
        "filter=no-offer": ["Patel, Priya", "Quill, Tamsin"],
        "filter=not-recorded": ["Nowak, Zofia"],
        "filter=offer-not-appropriate": ["MacLeod, Callum"],
        "filter=all-choices-ended": ["Patel, Priya"],
        "filter=awaiting-decision": ["Quill, Tamsin"],
        "filter=fsm": ["Nowak, Zofia", "Patel, Priya", "Quill, Tamsin"],
        "filter=looked-after": ["Quill, Tamsin"],
        "filter=ehcp": ["Quill, Tamsin"],
        "filter=fsm&filter=no-offer": ["Patel, Priya", "Quill, Tamsin"],
        "filter=fsm&filter=not-recorded&filter=no-offer": ["Nowak, Zofia", "Patel, Priya", "Quill, Tamsin"],
        "filter=looked-after&filter=not-recorded": [],
        "filter=nonsense": ["Hughes, Oliver", "MacLeod, Callum", "Nowak, Zofia", "Patel, Priya", "Quill, Tamsin"],
    }
    for query, names in expected.items():
        page = Page(client.get(f"/adviser/learners?year=2027&{query}"))
        assert names_listed(page.html) == names, query
        if not names:
            assert "No learners match these filters." in page.html


def test_the_filters_stay_chosen(client, world):
    sign_in(client, world["adviser"])
    html = client.get("/adviser/learners?year=2027&filter=fsm&filter=no-offer").get_data(as_text=True)
    assert re.search(r'value="fsm"\s+checked', html) and re.search(r'value="no-offer"\s+checked', html)
    assert not re.search(r'value="ehcp"\s+checked', html)


def test_sorting(app, client, world):
    sign_in(client, world["adviser"])
    alphabetical = ["Hughes, Oliver", "MacLeod, Callum", "Nowak, Zofia", "Patel, Priya", "Quill, Tamsin"]
    by = {
        "sort=name&order=descending": alphabetical[::-1],
        "sort=status": ["Hughes, Oliver", "MacLeod, Callum", "Patel, Priya", "Quill, Tamsin", "Nowak, Zofia"],
    }
    for query, names in by.items():
        html = client.get(f"/adviser/learners?year=2027&{query}").get_data(as_text=True)
        assert names_listed(html) == names, query
    html = client.get("/adviser/learners?year=2027&sort=status").get_data(as_text=True)
    assert 'aria-sort="ascending"' in html
    council = app.test_client()
    sign_in(council, world["council"])
    html = council.get("/adviser/learners?year=2027&sort=school").get_data(as_text=True)
    assert names_listed(html) == ["Elsewhere, Quentin", *alphabetical]  # Cherwell School, then Wykham Park
    html = council.get("/adviser/learners?year=2027&sort=school&order=descending").get_data(as_text=True)
    assert names_listed(html) == [*alphabetical[::-1], "Elsewhere, Quentin"]


def test_sorting_by_date_of_birth(client, world):
    world["learners"]["zofia"].date_of_birth = world["learners"]["zofia"].date_of_birth - timedelta(days=200)
    db.session.commit()
    sign_in(client, world["adviser"])
    html = client.get("/adviser/learners?year=2027&sort=date-of-birth").get_data(as_text=True)
    assert names_listed(html)[0] == "Nowak, Zofia"


def test_paging(client, world, monkeypatch):
    monkeypatch.setattr(guarantee_lists, "PAGE_SIZE", 2)
    sign_in(client, world["adviser"])
    first = Page(client.get("/adviser/learners?year=2027"))
    assert names_listed(first.html) == ["Hughes, Oliver", "MacLeod, Callum"]
    third = Page(client.get("/adviser/learners?year=2027&page=3"))
    assert third.h1 == "Learners (page 3 of 3)"
    assert names_listed(third.html) == ["Quill, Tamsin"]
    assert names_listed(client.get("/adviser/learners?year=2027&page=99").get_data(as_text=True)) == ["Quill, Tamsin"]


def test_the_list_shows_priority_groups_to_the_adviser(client, world):
    sign_in(client, world["adviser"])
    html = client.get("/adviser/learners?year=2027&filter=fsm").get_data(as_text=True)
    assert "Free school meals, Looked after, EHC plan" in html


def test_the_csv_export_has_the_same_learners_and_is_audited(client, world):
    sign_in(client, world["adviser"])
    response = client.get("/adviser/learners/export.csv?year=2027&filter=fsm&filter=no-offer&sort=name")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="learners-2027-year-11-')
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(row["Given name"], row["Family name"]) for row in rows] == [("Priya", "Patel"), ("Tamsin", "Quill")]
    tamsin = rows[1]
    assert tamsin["Guarantee status"] == "No offer" and tamsin["Year group"] == "11"
    assert (tamsin["Free school meals"], tamsin["Looked after"], tamsin["EHC plan"]) == ("Yes", "Yes", "Yes")
    assert tamsin["School URN"] == "123456"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "adviser-learners-exported"))
    assert event.actor_id == world["adviser"].id
    assert event.detail["filters"] == ["fsm", "no-offer"]


def test_the_export_names_the_offer(client, world):
    sign_in(client, world["council"])
    text = client.get("/adviser/learners/export.csv?year=2027&filter=offer-made").get_data(as_text=True)
    rows = {row["Family name"]: row for row in csv.DictReader(io.StringIO(text))}
    assert len(rows) == 6  # "offer-made" is not a quick filter: the whole cohort
    oliver = rows["Hughes"]
    assert (oliver["Guarantee status"], oliver["Offer type code"], oliver["Offer type"]) == (
        "Offer made",
        "230",
        "Full-time education: further education",
    )
    assert oliver["Provider UKPRN or URN"] == world["provider"].ukprn


def test_an_unknown_entry_year_in_a_list_falls_back_to_the_current_one(client, world):
    sign_in(client, world["adviser"])
    html = client.get("/adviser/learners?year=1999").get_data(as_text=True)
    assert "Quill, Tamsin" in html


# A learner's record


def test_the_learner_page_shows_everything_and_is_audited(client, world):
    tamsin = world["learners"]["tamsin"]
    ExternalOfferFactory(
        learner=tamsin,
        entry_year=world["entry_year"],
        activity_code="330",
        provider_name="Kwik Fit",
        offered_on=rules.uk_today(),
    )
    AdviserContactFactory(learner=tamsin, entry_year=world["entry_year"], note="Called about the motor course.")
    sign_in(client, world["adviser"])
    page = Page(client.get(learner_url(world, "tamsin")))
    assert page.h1 == "Tamsin Quill"
    html = page.html
    assert "Offer not appropriate" in html  # 330 does not count
    assert "does not count towards the guarantee" in html
    assert "Motor vehicle maintenance, Banbury and Bicester College" in html and "Application sent" in html
    assert "Kwik Fit" in html and "Called about the motor course." in html
    assert "Every choice ended without an offer" in html and "Open" in html
    assert f'href="/adviser/follow-ups/{world["follow_up"].id}"' in html and 'href="/adviser/follow-ups/"' in html
    assert re.search(r"Free school meals\s*</dt>\s*<dd[^>]*>\s*Yes", html)
    assert re.search(r"Looked after\s*</dt>\s*<dd[^>]*>\s*Yes", html)
    assert "EHC plan" in html
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "learner-record-viewed"))
    assert (event.actor_id, event.subject_type, event.subject_id) == (world["adviser"].id, "learners", tamsin.id)
    assert event.occurred_at is not None


def test_the_learner_page_gives_the_reason_for_the_status(client, world):
    sign_in(client, world["adviser"])
    html = client.get(learner_url(world, "oliver")).get_data(as_text=True)
    assert "Banbury and Bicester College made an offer of full-time education: further education" in html
    html = client.get(learner_url(world, "zofia")).get_data(as_text=True)
    assert "Nothing is known yet" in html and "Not started" in html


def test_learners_outside_the_caseload_are_not_found(client, world):
    sign_in(client, world["adviser"])
    assert client.get(learner_url(world, "quentin")).status_code == 404
    assert client.get(learner_url(world, "quentin", "/record-contact")).status_code == 404
    assert client.get("/adviser/learners/999999?year=2027").status_code == 404
    assert client.get(f"/adviser/learners/{world['learners']['tamsin'].id}?year=1999").status_code == 404
    assert not db.session.scalar(select(AuditEvent).where(AuditEvent.event == "learner-record-viewed"))


# Recording


def test_recording_a_contact(client, world):
    sign_in(client, world["adviser"])
    url = learner_url(world, "zofia", "/record-contact")
    assert Page(client.get(url)).h1 == "Record a contact"
    today = rules.uk_today()
    response = client.post(
        url,
        data={
            "contacted_on": [str(today.day), str(today.month), str(today.year)],
            "method": "phone",
            "outcome": "spoke",
            "note": "Wants to do an apprenticeship.",
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == learner_url(world, "zofia")
    contact = db.session.scalar(select(AdviserContact))
    assert (contact.method, contact.outcome, contact.note) == ("phone", "spoke", "Wants to do an apprenticeship.")
    assert contact.recorded_by_id == world["adviser"].id
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Contact with Zofia Nowak recorded" in html
    assert "No offer" in html  # known to the council now
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.event == "adviser-contact-recorded"))


def test_a_contact_counts_as_an_action_on_the_open_follow_up(client, world):
    sign_in(client, world["adviser"])
    today = rules.uk_today()
    client.post(
        learner_url(world, "tamsin", "/record-contact"),
        data={
            "contacted_on": [str(today.day), str(today.month), str(today.year)],
            "method": "text",
            "outcome": "no-answer",
        },
    )
    assert db.session.scalar(select(AdviserContact.follow_up_id)) == world["follow_up"].id


def test_the_contact_form_says_what_to_fix_and_keeps_answers(client, world):
    sign_in(client, world["adviser"])
    url = learner_url(world, "zofia", "/record-contact")
    page = Page(client.post(url, data={"contacted_on": ["", "", ""], "note": "Left a voicemail"}))
    assert page.title.startswith("Error: Record a contact")
    assert page.error_summary == [
        "Enter the date of the contact",
        "Select how you contacted them",
        "Select what happened",
    ]
    assert "Left a voicemail" in page.html
    tomorrow = rules.uk_today() + timedelta(days=1)
    page = Page(
        client.post(
            url,
            data={
                "contacted_on": [str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)],
                "method": "phone",
                "outcome": "spoke",
            },
        )
    )
    assert page.error_summary == ["The date of the contact must be today or in the past"]
    page = Page(client.post(url, data={"contacted_on": ["31", "2", "2026"], "method": "phone", "outcome": "spoke"}))
    assert page.error_summary == ["Date of the contact must be a real date"]
    assert not db.session.scalar(select(AdviserContact))


def offer_form(**changes) -> dict:
    today = rules.uk_today()
    data = {
        "activity_code": "310",
        "provider_name": "Thames Valley Engineering Ltd",
        "provider_ukprn": "",
        "course": "Engineering technician",
        "offered_on": [str(today.day), str(today.month), str(today.year)],
        "source": "learner",
    }
    return data | changes


def test_recording_an_apprenticeship_offer_makes_the_status_offer_made_and_closes_the_follow_up(client, world):
    sign_in(client, world["adviser"])
    response = client.post(learner_url(world, "tamsin", "/record-offer"), data=offer_form())
    assert response.status_code == 302
    offer = db.session.scalar(select(ExternalOffer))
    assert (offer.activity_code, offer.provider_name, offer.provider_ukprn, offer.source) == (
        "310",
        "Thames Valley Engineering Ltd",
        None,
        "learner",
    )
    html = client.get(learner_url(world, "tamsin")).get_data(as_text=True)
    assert "Offer recorded for Tamsin Quill" in html
    assert re.search(
        r'id="guarantee-status">September Guarantee: <strong class="govuk-tag govuk-tag--green">\s*Offer made', html
    )
    follow_up = db.session.get(FollowUp, world["follow_up"].id)
    db.session.refresh(follow_up)
    assert follow_up.closed_at is not None and follow_up.closed_by_id == world["adviser"].id
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.event == "external-offer-recorded"))


def test_an_offer_that_does_not_count_leaves_the_follow_up_open(client, world):
    sign_in(client, world["adviser"])
    client.post(learner_url(world, "tamsin", "/record-offer"), data=offer_form(activity_code="330"))
    db.session.expire_all()
    assert db.session.get(FollowUp, world["follow_up"].id).closed_at is None


def test_the_offer_form_checks_every_answer(client, world):
    sign_in(client, world["adviser"])
    url = learner_url(world, "zofia", "/record-offer")
    page = Page(client.post(url, data={"offered_on": ["", "", ""], "course": "Plumbing"}))
    assert page.error_summary == [
        "Select the type of offer",
        "Enter the provider’s name or UKPRN",
        "Enter the date of the offer",
        "Select who told you about the offer",
    ]
    assert 'value="Plumbing"' in page.html
    page = Page(client.post(url, data=offer_form(provider_ukprn="20012345", activity_code="999")))
    assert page.error_summary == ["Select the type of offer", "UKPRN must be 8 digits starting with 1, like 10001234"]
    future = rules.uk_today() + timedelta(days=3)
    page = Page(client.post(url, data=offer_form(offered_on=[str(future.day), str(future.month), str(future.year)])))
    assert page.error_summary == ["The date of the offer must be today or in the past"]
    assert not db.session.scalar(select(ExternalOffer))


def test_an_offer_given_by_ukprn_takes_the_providers_name(client, world):
    sign_in(client, world["adviser"])
    url = learner_url(world, "zofia", "/record-offer")
    page = Page(client.post(url, data=offer_form(provider_name="", provider_ukprn="19999999")))
    assert page.error_summary == ["Enter the provider’s name: UKPRN 19999999 is not a provider in Pathways"]
    assert 'value="19999999"' in page.html
    response = client.post(url, data=offer_form(provider_name="", provider_ukprn=world["provider"].ukprn))
    assert response.status_code == 302
    offer = db.session.scalar(select(ExternalOffer))
    assert (offer.provider_name, offer.provider_ukprn) == ("Banbury and Bicester College", world["provider"].ukprn)


def test_recording_that_an_offer_is_not_appropriate(client, world):
    sign_in(client, world["adviser"])
    url = learner_url(world, "zofia", "/record-not-appropriate")
    assert Page(client.get(url)).h1 == "Record that an offer is not appropriate now"
    page = Page(client.post(url, data={"reason": "other", "recorded_on": ["", "", ""]}))
    assert page.error_summary == ["Enter the reason an offer is not appropriate", "Enter the date you learned this"]
    today = rules.uk_today()
    response = client.post(
        url,
        data={"reason": "illness", "detail": "", "recorded_on": [str(today.day), str(today.month), str(today.year)]},
    )
    assert response.status_code == 302
    record = db.session.scalar(
        select(NotAppropriateRecord).where(NotAppropriateRecord.learner_id == world["learners"]["zofia"].id)
    )
    assert (record.reason, record.detail, record.recorded_on) == ("illness", None, today)
    html = client.get(learner_url(world, "zofia")).get_data(as_text=True)
    assert "Unable to take part because of illness" in html


def test_recording_an_intended_destination(client, world):
    sign_in(client, world["adviser"])
    url = learner_url(world, "zofia", "/record-intended-destination")
    page = Page(client.post(url, data={"activity_code": ""}))
    assert page.error_summary == ["Select what they intend to do"]
    response = client.post(url, data={"activity_code": "230", "detail": "Motor vehicle at Abingdon and Witney"})
    assert response.status_code == 302
    html = client.get(learner_url(world, "zofia")).get_data(as_text=True)
    assert "Motor vehicle at Abingdon and Witney" in html
    assert "Not recorded" in html  # an intention is not an offer


def test_every_recording_form_has_one_h1_and_a_cancel_link(client, world):
    sign_in(client, world["council"])
    for suffix in ("/record-offer", "/record-not-appropriate", "/record-contact", "/record-intended-destination"):
        page = Page(client.get(learner_url(world, "quentin", suffix)))
        assert f'href="{learner_url(world, "quentin")}">Cancel</a>' in page.html.replace("&amp;", "&")
