"""What advisers record and the council sets, through the services and the council's guarantee pages; and the charts."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from application import caseload, charts, guarantee, rules
from application.guarantee_models import CaseloadAssignment, ExternalOffer, FollowUp
from application.services import adviser_records as records
from application.services import guarantee_lists, guarantee_settings
from core.extensions import db
from core.models import AuditEvent
from tests.conftest import Page, sign_in
from tests.factories import AreaFactory, EntryYearFactory, SchoolFactory, UserFactory
from tests.guarantee.test_adviser_pages import build_world


@pytest.fixture
def world():
    return build_world()


def audit_events(name: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.event == name)))


# Recording


def test_an_offer_that_counts_closes_open_follow_ups_in_the_same_transaction(world):
    tamsin = world["learners"]["tamsin"]
    records.record_external_offer(
        tamsin,
        world["entry_year"],
        world["adviser"],
        activity_code="310",
        provider_name="Thames Valley Engineering Ltd",
        provider_ukprn=None,
        course=None,
        offered_on=rules.uk_today(),
        source="provider",
    )
    db.session.expire_all()
    follow_up = db.session.get(FollowUp, world["follow_up"].id)
    assert follow_up.closed_at is not None and "Apprenticeship" in follow_up.closed_reason
    [event] = audit_events("external-offer-recorded")
    assert (event.subject_type, event.subject_id, event.detail["activity_code"]) == ("learners", tamsin.id, "310")


def test_part_time_education_alone_does_not_close_a_follow_up(world):
    records.record_external_offer(
        world["learners"]["tamsin"],
        world["entry_year"],
        world["adviser"],
        activity_code="250",
        provider_name="Adult Learning Oxfordshire",
        provider_ukprn=None,
        course="English evening class",
        offered_on=rules.uk_today(),
        source="learner",
    )
    db.session.expire_all()
    assert db.session.get(FollowUp, world["follow_up"].id).closed_at is None


def test_an_unknown_ukprn_without_a_name_saves_nothing(world):
    with pytest.raises(records.RecordRefused) as refused:
        records.record_external_offer(
            world["learners"]["zofia"],
            world["entry_year"],
            world["adviser"],
            activity_code="310",
            provider_name=None,
            provider_ukprn="10000001",
            course=None,
            offered_on=rules.uk_today(),
            source="provider",
        )
    assert refused.value.field == "provider_name"
    db.session.rollback()
    assert not db.session.scalar(select(ExternalOffer)) and not audit_events("external-offer-recorded")


def test_each_record_is_audited_with_its_learner(world):
    zofia, entry_year, adviser = world["learners"]["zofia"], world["entry_year"], world["adviser"]
    today = rules.uk_today()
    records.record_contact(zofia, entry_year, adviser, contacted_on=today, method="email", outcome="spoke", note="")
    records.record_not_appropriate(zofia, entry_year, adviser, reason="moved-away", detail=None, recorded_on=today)
    records.record_intended_destination(zofia, entry_year, adviser, activity_code="310", detail=None)
    for name in ("adviser-contact-recorded", "not-appropriate-recorded", "intended-destination-recorded"):
        [event] = audit_events(name)
        assert (event.actor_id, event.subject_id, event.detail["entry_year"]) == (adviser.id, zofia.id, 2027)


def test_the_history_says_who_did_what():
    assert records.who_did(None) == "Pathways"
    provider_staff = UserFactory(provider_staff=True, name="Pat Provider")
    assert records.who_did(provider_staff) == f"Pat Provider, {provider_staff.provider.name}"
    assert records.who_did(UserFactory(adviser=True, name="Alex")) == "Alex (Careers adviser)"


# What the policy hides


def test_characteristics_the_policy_hides_are_left_out_of_lists_and_exports(world, monkeypatch):
    monkeypatch.setattr(caseload, "may_see_characteristics", lambda user, learner: False)
    query = guarantee_lists.ListQuery(world["entry_year"], 11, ("fsm",))
    listed = guarantee_lists.learner_list(world["adviser"], query, 1, rules.uk_today())
    assert listed.total == 3 and all(row.characteristics is None for row in listed.rows)
    lines = list(guarantee_lists.learners_csv(world["adviser"], query, rules.uk_today()))
    rows = list(csv.DictReader(io.StringIO("".join(lines))))
    assert {(row["Free school meals"], row["Looked after"], row["EHC plan"]) for row in rows} == {("", "", "")}


def test_the_export_is_audited_before_the_first_line(world):
    lines = guarantee_lists.learners_csv(
        world["council"], guarantee_lists.ListQuery(world["entry_year"], 11), rules.uk_today()
    )
    assert audit_events("adviser-learners-exported")
    assert next(lines).startswith("UPN,Given name,Family name")
    assert len(list(lines)) == 6


def test_the_dashboard_counts_the_caseload_only(world):
    figures = guarantee_lists.dashboard(world["other_adviser"], world["entry_year"], 11, rules.uk_today())
    assert figures.counts.total.total == 1 and figures.counts.fsm.total == 1
    assert figures.days_left == (date(2027, 9, 30) - rules.uk_today()).days
    assert figures.national_gap == pytest.approx(0 - guarantee_lists.NATIONAL_OFFER_MADE)


# Council settings: caseloads


def test_the_council_assigns_a_caseload(client, world):
    sign_in(client, world["council"])
    page = Page(client.get("/council/guarantee/caseloads"))
    assert "Alex Adviser" in page and "Wykham Park Academy" in page
    url = f"/council/guarantee/caseloads/{world['adviser'].id}"
    page = Page(client.get(url))
    assert page.h1 == "Alex Adviser’s caseload"
    assert re.search(rf'value="{world["schools"]["wykham"].id}"\s+checked', page.html)
    south = AreaFactory(name="Witney and the west")
    response = client.post(url, data={"areas": [str(south.id)], "schools": [str(world["schools"]["cherwell"].id)]})
    assert response.status_code == 302
    places = db.session.execute(
        select(CaseloadAssignment.school_id, CaseloadAssignment.area_id).where(
            CaseloadAssignment.adviser_id == world["adviser"].id
        )
    ).all()
    assert sorted(places, key=str) == sorted([(world["schools"]["cherwell"].id, None), (None, south.id)], key=str)
    [event] = audit_events("caseload-changed")
    assert event.subject_id == world["adviser"].id and event.actor_id == world["council"].id


def test_a_caseload_form_refuses_unknown_places_and_non_advisers(client, world):
    sign_in(client, world["council"])
    url = f"/council/guarantee/caseloads/{world['adviser'].id}"
    page = Page(client.post(url, data={"schools": ["999999"]}))
    assert page.error_summary == ["Select schools from the list"]
    assert client.get(f"/council/guarantee/caseloads/{world['council'].id}").status_code == 404


def test_clearing_a_caseload(world):
    guarantee_settings.set_caseload(world["adviser"], [], [], world["council"])
    assert guarantee_settings.caseload_of(world["adviser"]) == []


# Council settings: follow-up rules


def checkpoint(day: date | None) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)] if day else ["", "", ""]


def test_the_council_sets_follow_up_rules_and_checkpoints(client, world):
    sign_in(client, world["council"])
    overview = Page(client.get("/council/guarantee/"))
    assert overview.h1 == "September Guarantee settings"
    assert "Free school meals, looked after" in overview.html
    page = Page(client.get("/council/guarantee/follow-up-rules/2027"))
    assert page.h1 == "Follow-up rules for September 2027"
    response = client.post(
        "/council/guarantee/follow-up-rules/2027",
        data={
            "follow_up_fsm": "y",
            "follow_up_ehcp": "y",
            "checkpoint_1": checkpoint(date(2027, 8, 31)),
            "checkpoint_2": checkpoint(date(2027, 6, 1)),
            "checkpoint_3": checkpoint(None),
            "checkpoint_4": checkpoint(None),
            "checkpoint_5": checkpoint(date(2027, 6, 1)),
        },
    )
    assert response.status_code == 302
    entry_year = db.session.get(type(world["entry_year"]), world["entry_year"].id)
    db.session.refresh(entry_year)
    assert (entry_year.follow_up_fsm, entry_year.follow_up_looked_after, entry_year.follow_up_ehcp) == (
        True,
        False,
        True,
    )
    assert entry_year.checkpoint_dates == ["2027-06-01", "2027-08-31"]
    html = client.get("/council/guarantee/").get_data(as_text=True)
    assert "1 June 2027, 31 August 2027" in html
    [event] = audit_events("follow-up-rules-changed")
    assert event.detail["checkpoints"] == ["2027-06-01", "2027-08-31"]
    page = Page(client.get("/council/guarantee/follow-up-rules/2027"))
    assert 'id="checkpoint_1-day" name="checkpoint_1" type="text" value="01"' in page.html
    assert 'id="checkpoint_2-month" name="checkpoint_2" type="text" value="08"' in page.html


def test_checkpoints_outside_the_cycle_and_bad_dates_are_refused(client, world):
    sign_in(client, world["council"])
    url = "/council/guarantee/follow-up-rules/2027"
    blanks = {f"checkpoint_{number}": checkpoint(None) for number in range(1, 6)}
    page = Page(client.post(url, data=blanks | {"checkpoint_2": checkpoint(date(2027, 10, 1))}))
    assert page.error_summary == [
        "Checkpoints must be between 1 October 2026 and 30 September 2027, when applications open and the guarantee "
        "deadline"
    ]
    page = Page(client.post(url, data=blanks | {"checkpoint_3": ["31", "", "2027"]}))
    assert page.error_summary == ["Checkpoint 3 must include a month"]
    assert not audit_events("follow-up-rules-changed")
    assert client.get("/council/guarantee/follow-up-rules/1999").status_code == 404


# Council settings: the NCCIS return


def test_the_nccis_return_is_streamed_and_audited(client, world):
    sign_in(client, world["council"])
    page = Page(client.get("/council/guarantee/nccis-return"))
    assert page.h1 == "NCCIS return"
    response = client.get("/council/guarantee/nccis-return.csv?year=2027&year_group=11")
    assert response.status_code == 200 and response.is_streamed and response.mimetype == "text/csv"
    assert "september-guarantee-2027-year-11-" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    learners = [row for row in rows if row["record_type"] == "learner"]
    assert len(learners) == 6
    [event] = audit_events("nccis-export-downloaded")
    assert event.actor_id == world["council"].id


def test_the_nccis_return_without_entry_years_is_not_found(client):
    sign_in(client, UserFactory())
    assert client.get("/council/guarantee/nccis-return.csv").status_code == 404


# Charts


def test_a_stacked_bar_gives_each_part_its_share_and_labels_only_those_with_room():
    counts = guarantee_counts({"offer-made": 90, "offer-not-appropriate": 5, "no-offer": 5, "not-recorded": 0})
    svg = str(charts.stacked_bars([charts.status_bar("Wykham <Park>", counts)]))
    assert svg.startswith('<svg class="pathways-chart" width="100%" height="52" aria-hidden="true" focusable="false"')
    assert 'class="pathways-chart__part pathways-chart__part--offer-made" x="0.000%" y="22" width="90.000%"' in svg
    assert 'x="90.000%" y="22" width="5.000%"' in svg and 'x="95.000%" y="22" width="5.000%"' in svg
    assert "not-recorded" not in svg  # an empty part is not drawn
    assert re.findall(r'class="pathways-chart__value"[^>]*>([^<]+)<', svg) == ["90%"]
    assert "Wykham &lt;Park&gt;" in svg and "style" not in svg


def test_long_names_are_shortened_and_rows_stack_down_the_chart():
    bars = [charts.single_bar("x" * 80, "Offer made", 60.0), charts.single_bar("England", "Offer made", 94.6)]
    svg = str(charts.stacked_bars(bars))
    assert 'height="104"' in svg and "x" * 59 + "…" in svg
    assert 'class="pathways-chart__part pathways-chart__part--remainder" x="60.000%" y="22" width="40.000%"' in svg
    assert 'y="74"' in svg  # the second bar starts one row down


def guarantee_counts(numbers: dict):
    from application.guarantee_queries import StatusCounts

    counts = StatusCounts()
    for status, number in numbers.items():
        counts.add(status, number)
    assert set(numbers) == set(guarantee.STATUSES)
    return counts


def test_the_default_year_is_the_running_cycle(client):
    EntryYearFactory(year=2026, applications_open=date(2025, 10, 1), main_deadline=date(2026, 2, 28),
                     guarantee_deadline=rules.uk_today() - timedelta(days=30))  # fmt: skip
    EntryYearFactory(year=2027)
    SchoolFactory()
    sign_in(client, UserFactory())
    html = client.get("/adviser/").get_data(as_text=True)
    assert "entry in September 2027" in html
