"""The follow-up queue and pages, signed in as an adviser, the council and a provider."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from application import states
from application.guarantee_models import AdviserContact
from application.rules import uk_today
from core.extensions import db
from core.models import AuditEvent
from tests.conftest import Page, sign_in
from tests.factories import (
    AdviserContactFactory,
    ApplicationFactory,
    CaseloadAssignmentFactory,
    ChoiceFactory,
    CohortEntryFactory,
    EntryYearFactory,
    FollowUpFactory,
    UserFactory,
)


@pytest.fixture
def adviser():
    return UserFactory(adviser=True, name="Jo Adviser")


@pytest.fixture
def follow_up(adviser):
    entry_year = EntryYearFactory(year=2027)
    school = CaseloadAssignmentFactory(adviser=adviser).school
    entry = CohortEntryFactory(
        entry_year=entry_year,
        school=school,
        learner__given_name="Kacper",
        learner__family_name="Nowak",
        learner__free_school_meals=True,
        learner__looked_after=True,
    )
    return FollowUpFactory(
        learner=entry.learner, entry_year=entry_year, priority_group="looked-after", opened_at=datetime(2026, 11, 2)
    )


@pytest.fixture
def elsewhere():
    """A follow-up for a learner outside the adviser's caseload."""
    entry = CohortEntryFactory(entry_year=EntryYearFactory(year=2027), learner__given_name="Zofia")
    return FollowUpFactory(learner=entry.learner, entry_year=entry.entry_year)


def test_the_queue_shows_the_caseload_with_the_last_action(client, adviser, follow_up, elsewhere):
    AdviserContactFactory(
        learner=follow_up.learner,
        entry_year=follow_up.learner.cohort_entries[0].entry_year,
        contacted_on=date(2026, 11, 20),
        outcome="message-left",
        recorded_by_id=adviser.id,
    )
    sign_in(client, adviser)

    page = Page(client.get("/adviser/follow-ups/"))

    assert page.h1 == "Follow-ups"
    assert "Kacper Nowak" in page and "Zofia" not in page
    assert "Has not applied by the main deadline" in page
    assert "Looked after" in page
    assert "20 November 2026: left a message, by Jo Adviser" in page
    assert "1 open follow-up:" in page


def test_the_council_sees_every_follow_up(client, follow_up, elsewhere):
    sign_in(client, UserFactory())
    page = Page(client.get("/adviser/follow-ups/"))
    assert "Kacper Nowak" in page and "Zofia" in page


def test_an_empty_queue(client):
    sign_in(client, UserFactory(adviser=True))
    assert "There are no open follow-ups in your caseload." in Page(client.get("/adviser/follow-ups/"))


def test_the_follow_up_page_is_audited(client, adviser, follow_up):
    sign_in(client, adviser)

    page = Page(client.get(f"/adviser/follow-ups/{follow_up.id}"))

    assert page.h1 == "Follow-up for Kacper Nowak"
    assert "No one has recorded a contact since this follow-up opened." in page
    assert "Not recorded" in page  # the guarantee status: nothing known yet
    assert f"/adviser/learners/{follow_up.learner_id}?year=2027" in page
    viewed = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "follow-up-viewed"))
    assert (viewed.actor_id, viewed.subject_id) == (adviser.id, follow_up.learner_id)


@pytest.mark.parametrize("suffix", ["", "/record-contact", "/close"])
def test_outside_the_caseload_is_not_found(client, adviser, elsewhere, suffix):
    sign_in(client, adviser)
    assert client.get(f"/adviser/follow-ups/{elsewhere.id}{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["/", "/1", "/1/record-contact", "/1/close"])
def test_providers_are_refused(client, follow_up, suffix):
    sign_in(client, UserFactory(provider_staff=True))
    assert client.get(f"/adviser/follow-ups{suffix}").status_code == 403


def test_recording_a_contact(client, adviser, follow_up):
    sign_in(client, adviser)
    url = f"/adviser/follow-ups/{follow_up.id}/record-contact"
    assert Page(client.get(url)).h1 == "Record a contact with Kacper Nowak"

    refused = Page(client.post(url, data={"contacted_on": ["", "", ""]}))
    assert refused.error_summary == [
        "Enter the date of the contact",
        "Select how you contacted them",
        "Select what happened",
    ]
    today = uk_today()
    response = client.post(
        url,
        data={
            "contacted_on": [str(today.day), str(today.month), str(today.year)],
            "method": "home-visit",
            "outcome": "spoke",
            "note": "Will visit the college open day",
        },
    )

    assert response.status_code == 302
    contact = db.session.scalar(select(AdviserContact))
    assert (contact.follow_up_id, contact.recorded_by_id, contact.method) == (follow_up.id, adviser.id, "home-visit")
    page = Page(client.get(response.location))
    assert "Contact with Kacper Nowak recorded" in page
    assert "Will visit the college open day" in page and "Jo Adviser" in page


def test_closing_by_hand_needs_a_reason(client, adviser, follow_up):
    sign_in(client, adviser)
    url = f"/adviser/follow-ups/{follow_up.id}/close"

    refused = Page(client.post(url, data={"reason": "  "}))
    assert refused.error_summary == ["Enter why you are closing this follow-up"]
    assert refused.title.startswith("Error: Close the follow-up for Kacper Nowak")

    response = client.post(url, data={"reason": "Moved to Cardiff; their new council knows"})

    assert response.location.endswith("/adviser/follow-ups/")
    db.session.refresh(follow_up)
    assert follow_up.closed_reason == "Moved to Cardiff; their new council knows"
    assert follow_up.closed_by_id == adviser.id
    page = Page(client.get(f"/adviser/follow-ups/{follow_up.id}"))
    assert "Closed on" in page and "Record a contact" not in page
    assert client.post(url, data={"reason": "Again"}).status_code == 302


def test_a_declined_offer_counts_but_the_follow_up_stays_open(client, adviser, follow_up):
    entry_year = follow_up.learner.cohort_entries[0].entry_year
    application = ApplicationFactory(learner=follow_up.learner, entry_year=entry_year, submitted=True)
    submitted = datetime(2026, 10, 20, 9)
    ChoiceFactory(application=application, status=states.DECLINED, submitted_at=submitted,
                  offered_at=submitted + timedelta(days=5), declined_at=submitted + timedelta(days=9))  # fmt: skip
    sign_in(client, adviser)

    page = Page(client.get(f"/adviser/follow-ups/{follow_up.id}"))

    assert "Offer made" in page
    assert "Kacper no longer holds it, so this follow-up stays open" in page
