"""The September Guarantee in `flask seed demo`: last year's finished cycle, this year's, and an adviser's caseload.

Seeded once for the module; the figures are read before the first test ends, since the harness empties the database.
"""

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from application import guarantee
from application.demo import demo_now
from application.demo_guarantee import DEMO_ADVISER
from application.guarantee_models import AdviserContact, ExternalOffer, FollowUp, NotAppropriateRecord
from application.guarantee_queries import cohort_counts
from application.models import CohortEntry
from application.services import follow_up_queue, follow_ups
from core.extensions import db
from core.models import User
from core.timeutil import utcnow
from prospectus.models import EntryYear
from tests.conftest import DEMO_PASSWORD


def _count(model, entry_year, *conditions) -> int:
    return db.session.scalar(
        select(func.count()).select_from(model).where(model.entry_year_id == entry_year.id, *conditions)
    )


def _cohort(entry_year, year_group: int) -> set[int]:
    return set(
        db.session.scalars(
            select(CohortEntry.learner_id).where(
                CohortEntry.entry_year_id == entry_year.id, CohortEntry.year_group == year_group
            )
        )
    )


@pytest.fixture(scope="module")
def demo(app):
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed", "demo"], env={"DEMO_PASSWORD": DEMO_PASSWORD})
        assert result.exit_code == 0, result.output
        today = demo_now(utcnow()).date()
        last, this = (db.session.scalar(select(EntryYear).where(EntryYear.year == year)) for year in (2026, 2027))
        adviser = db.session.scalar(select(User).where(User.email == DEMO_ADVISER))
        queue = follow_up_queue.queue(adviser, today, page_size=1000)
        figures = SimpleNamespace(
            today=today,
            checkpoints={year.year: year.checkpoint_dates for year in (last, this)},
            last_year_11=_cohort(last, 11),
            this_year_12=_cohort(this, 12),
            last=cohort_counts(last, 11, last.guarantee_deadline),
            this=cohort_counts(this, 11, today),
            records={
                (year.year, model.__name__): _count(model, year)
                for year in (last, this)
                for model in (ExternalOffer, NotAppropriateRecord, AdviserContact)
            },
            open_follow_ups={year.year: _count(FollowUp, year, FollowUp.closed_at.is_(None)) for year in (last, this)},
            closed_by_offer=_count(FollowUp, last, FollowUp.closed_reason.like("Offer made: %")),
            queue=[
                (
                    item.follow_up.entry_year_id == this.id,
                    item.days_open,
                    item.last_contact is not None,
                    item.show_group,
                )
                for item in queue.items
            ],
            digest=[len(part) for part in follow_up_queue.digest_for(adviser, today)],
            latest_contact=db.session.scalar(select(func.max(AdviserContact.contacted_on))),
            refreshed=[follow_ups.open_and_close(year, today) for year in (last, this)],
        )
        db.session.rollback()
        db.session.remove()
    return figures


def test_last_years_cohort_is_the_learners_now_in_year_12(demo):
    assert demo.last_year_11 == demo.this_year_12
    assert len(demo.last_year_11) == 7500


def test_last_year_about_94_percent_had_an_offer_and_fsm_learners_were_behind(demo):
    total = demo.last.total
    assert 93.0 <= total.percent(guarantee.OFFER_MADE) <= 95.0
    assert 4.0 <= demo.last.fsm_gap <= 10.0
    for status in guarantee.STATUSES:
        assert total.count(status) > 0, status
    assert total.percent(guarantee.NOT_RECORDED) < 3


def test_this_year_is_in_progress(demo):
    assert 10 < demo.this.total.percent(guarantee.OFFER_MADE) < 80
    assert demo.this.total.count(guarantee.NOT_RECORDED) > 0


def test_advisers_recorded_offers_contacts_and_offers_not_appropriate_in_both_cycles(demo):
    for key, number in demo.records.items():
        assert number > 10, key
    assert demo.records[2026, "ExternalOffer"] > 5000


def test_the_council_follows_up_at_three_checkpoints(demo):
    assert demo.checkpoints == {
        2026: ["2026-06-01", "2026-08-31", "2026-09-15"],
        2027: ["2027-06-01", "2027-08-31", "2027-09-15"],
    }


def test_follow_ups_opened_and_most_of_last_years_closed_with_an_offer(demo):
    assert demo.closed_by_offer > 500
    assert demo.open_follow_ups[2026] > 50
    assert demo.open_follow_ups[2027] > 0


def test_the_demo_adviser_has_a_real_caseload(demo):
    assert 10 <= len(demo.queue) <= 200
    assert demo.queue[0][0], "this year's follow-ups come first"
    assert any(has_contact for _, _, has_contact, _ in demo.queue)
    assert not all(has_contact for _, _, has_contact, _ in demo.queue)
    assert all(show for *_, show in demo.queue)
    assert sum(demo.digest) > 0


def test_the_seeded_follow_ups_are_what_the_refresh_would_leave(demo):
    for result in demo.refreshed:
        assert (result.total_opened, result.total_closed) == (0, 0)


def test_records_are_dated_before_the_demo_day(demo):
    assert demo.latest_contact < demo.today
    assert all(days >= 0 for _, days, _, _ in demo.queue)
