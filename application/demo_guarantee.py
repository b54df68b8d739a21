"""`flask seed demo`, the September Guarantee: last year's finished cycle and this year's, as an adviser sees them.

Last year (2026) the council tracked every Year 11 learner, most of them outside Pathways: the learners now in Year 12
get a 2026 record, and advisers' records bring offers made to about 94%, with learners on free school meals behind.
This year (2027) is in progress: early careers contacts, a few offers found outside Pathways, and follow-ups opened
by the council's rules. Tom Bennett (adviser@pathways.example) looks after Abingdon and Didcot; elsewhere the
council's 14-19 team records contacts.

Everything is planned from one fixed random seed and written with bulk inserts in the seed's transaction; the
follow-up rules run through `application.services.follow_ups`, as the nightly refresh would.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select, text, update

from application.guarantee import OFFER_MADE
from application.guarantee_models import (
    AdviserContact,
    CaseloadAssignment,
    ExternalOffer,
    FollowUp,
    IntendedDestination,
    NotAppropriateRecord,
)
from application.guarantee_queries import status_select_with
from application.models import Application, Choice, CohortEntry, Learner, School
from application.services.follow_ups import open_and_close
from core.extensions import db
from core.models import User
from prospectus.demo.places import ABINGDON
from prospectus.models import Area, EntryYear, Provider

SEED = "pathways-guarantee"
LAST_YEAR, THIS_YEAR = 2026, 2027
DEMO_ADVISER = "adviser@pathways.example"
COUNCIL_TEAM = "council@pathways.example"
DEMO_ADVISER_AREA = ABINGDON
# Who records contacts and offers in each area: the demo adviser in theirs, the council's 14-19 team elsewhere.
RECORDERS = {DEMO_ADVISER_AREA: DEMO_ADVISER, None: COUNCIL_TEAM}
CHECKPOINTS = ("06-01", "08-31", "09-15")
# Last year's share with an offer made, for learners on free school meals and for the rest: about 94% overall.
OFFER_MADE_RATE = {True: 0.885, False: 0.953}
# What happened to the learners left without an offer: (not appropriate, job without training, no offer);
# the rest were never recorded.
WITHOUT_OFFER = (0.20, 0.07, 0.40)
NIGHTLY = time(6, 0)

OFFER_KINDS = {  # provider type -> NCCIS code, for offers made by Pathways' own providers outside Pathways
    "school-sixth-form": "210",
    "sixth-form-college": "220",
    "fe-college": "230",
    "university-technical-college": "270",
    "special-school": "280",
    "training-provider": "310",
}
EMPLOYERS = (
    ("Didcot Grid Services Ltd", "Electrical installation apprenticeship"),
    ("Cherwell Motor Group", "Light vehicle technician apprenticeship"),
    ("Harwell Precision Engineering", "Engineering technician apprenticeship"),
    ("Vale Care Partnership", "Adult care worker apprenticeship"),
    ("Thames Valley Builders", "Bricklayer apprenticeship"),
    ("Oxford Hair Studio", "Hair professional apprenticeship"),
    ("Witney Logistics", "Warehouse operative apprenticeship"),
)
JOBS_WITHOUT_TRAINING = (("Banbury Fresh Foods", "Packing operative"), ("Abingdon Retail Park cafe", "Kitchen porter"))
NOT_APPROPRIATE = (
    ("moved-away", 0.5, "Moved to Swindon with family; the new council has been told."),
    ("illness", 0.2, "Long-term illness; will review with the family next term."),
    ("pregnancy", 0.12, "Expecting a baby in the autumn; supported by the family nurse."),
    ("custody", 0.05, None),
    ("other", 0.13, "Young carer for a parent; not able to take up a place this year."),
)
CONTACT_METHODS = (("phone", 0.4), ("face-to-face", 0.3), ("email", 0.1), ("text", 0.1), ("home-visit", 0.1))
CONTACT_OUTCOMES = (
    ("spoke", 0.45),
    ("appointment", 0.15),
    ("spoke-family", 0.12),
    ("message-left", 0.15),
    ("no-answer", 0.1),
    ("declined-help", 0.03),
)
NOTES = {
    "spoke": (
        "Talked through college and apprenticeship options; will look at the open days list.",
        "Keen on a construction course; sent the link to the college's taster day.",
        "Worried about maths grade; explained resit options alongside a Level 2 course.",
    ),
    "appointment": ("Careers interview booked at school.", "Meeting booked with the learner and their carer."),
    "spoke-family": ("Mum says they are thinking about the local sixth form; will call back.",),
    "message-left": ("Left a voicemail asking them to call back.",),
    "no-answer": (None,),
    "declined-help": ("Said they have plans with a family business and do not want help now.",),
}


@dataclass(frozen=True)
class _Learner:
    id: int
    fsm: bool
    priority: bool
    school_id: int
    area_id: int


def load_demo_guarantee(now: datetime) -> None:
    """Caseloads, adviser records and follow-ups for both cycles. The caller commits."""
    rng = random.Random(SEED)
    _analyse()
    years = {year.year: year for year in db.session.scalars(select(EntryYear))}
    for year in years.values():
        year.checkpoint_dates = [f"{year.year}-{day}" for day in CHECKPOINTS]
    recorders = _recorders()
    providers = _providers()
    _last_year(years[LAST_YEAR], recorders, providers, rng)
    _this_year(years[THIS_YEAR], recorders, providers, now.date(), rng)
    _act_on_follow_ups(recorders, now.date(), rng)


# Advisers and their caseloads


def _recorders() -> dict[int, int]:
    """area id -> who records contacts there: the demo adviser in their area, the council's team elsewhere."""
    people = dict(db.session.execute(select(User.email, User.id).where(User.email.in_(RECORDERS.values()))).all())
    areas = dict(db.session.execute(select(Area.name, Area.id)).all())
    adviser = people[RECORDERS[DEMO_ADVISER_AREA]]
    db.session.execute(insert(CaseloadAssignment), [{"adviser_id": adviser, "area_id": areas[DEMO_ADVISER_AREA]}])
    return {area_id: people[RECORDERS.get(name, RECORDERS[None])] for name, area_id in areas.items()}


def _providers() -> list[tuple[str, str | None, str]]:
    rows = db.session.execute(select(Provider.name, Provider.ukprn, Provider.provider_type).order_by(Provider.id))
    return [(name, ukprn, OFFER_KINDS[kind]) for name, ukprn, kind in rows if kind in OFFER_KINDS]


def _cohort(entry_year: EntryYear, year_group: int) -> list[_Learner]:
    rows = db.session.execute(
        select(
            Learner.id,
            Learner.free_school_meals,
            Learner.looked_after | (Learner.sen_status == "ehcp"),
            CohortEntry.school_id,
            School.area_id,
        )
        .join(CohortEntry, CohortEntry.learner_id == Learner.id)
        .join(School, School.id == CohortEntry.school_id)
        .where(CohortEntry.entry_year_id == entry_year.id, CohortEntry.year_group == year_group)
        .order_by(Learner.id)
    )
    return [_Learner(id_, bool(fsm), bool(fsm or other), school, area) for id_, fsm, other, school, area in rows]


# Last year: finished


def _last_year(entry_year: EntryYear, recorders: dict, providers: list, rng: random.Random) -> None:
    """Records arrive through the year, and the nightly rules see them as they come."""
    _complete_last_years_cohort(entry_year)
    offers, others = _who_gets_an_offer(entry_year, rng)
    days = _days(offers, date(LAST_YEAR, 1, 12), date(LAST_YEAR, 9, 20), rng)
    after_deadline = entry_year.main_deadline + timedelta(days=1)
    _insert_offers(
        entry_year, [learner for learner in offers if days[learner.id] < after_deadline], days, providers, rng
    )
    _run_rules(entry_year, after_deadline)
    _insert_offers(
        entry_year, [learner for learner in offers if days[learner.id] >= after_deadline], days, providers, rng
    )
    _without_offer(entry_year, others, recorders, rng)
    _run_rules(entry_year, date(LAST_YEAR, 9, 15))
    _run_rules(entry_year, entry_year.guarantee_deadline)
    _stamp_closed(entry_year, days)


def _who_gets_an_offer(entry_year: EntryYear, rng: random.Random) -> tuple[list[_Learner], list[_Learner]]:
    """Learners given an offer outside Pathways, so that each group reaches its rate; and those left without."""
    learners = _cohort(entry_year, 11)
    made = _offer_made(entry_year, entry_year.guarantee_deadline)
    offers, others = [], []
    for fsm in (True, False):
        group = [learner for learner in learners if learner.fsm == fsm]
        without = [learner for learner in group if learner.id not in made]
        needed = max(0, round(OFFER_MADE_RATE[fsm] * len(group)) - (len(group) - len(without)))
        rng.shuffle(without)
        offers += without[:needed]
        others += without[needed:]
    return offers, others


def _complete_last_years_cohort(entry_year: EntryYear) -> None:
    """Every learner now in Year 12 was in last year's Year 11, whether or not they applied through Pathways."""
    this_year = select(EntryYear.id).where(EntryYear.year == THIS_YEAR).scalar_subquery()
    already = select(CohortEntry.learner_id).where(CohortEntry.entry_year_id == entry_year.id)
    rows = db.session.execute(
        select(CohortEntry.learner_id, CohortEntry.school_id).where(
            CohortEntry.entry_year_id == this_year, CohortEntry.year_group == 12, CohortEntry.learner_id.not_in(already)
        )
    ).all()
    db.session.execute(
        insert(CohortEntry),
        [{"learner_id": learner, "entry_year_id": entry_year.id, "year_group": 11, "school_id": school}
         for learner, school in rows],
    )  # fmt: skip


def _offer_made(entry_year: EntryYear, as_of: date) -> set[int]:
    rows = status_select_with(entry_year, 11, as_of, None).subquery()
    return set(db.session.scalars(select(rows.c.learner_id).where(rows.c.status == OFFER_MADE)))


def _days(learners: list[_Learner], first: date, last: date, rng: random.Random) -> dict[int, date]:
    return {learner.id: _day_between(first, last, rng) for learner in learners}


def _insert_offers(entry_year, learners, days: dict[int, date], providers, rng, code=None) -> None:
    """Offers recorded by recorders: mostly sixth forms and colleges, some apprenticeships with employers."""
    _insert(
        ExternalOffer, [_offer_row(entry_year, learner, days[learner.id], providers, rng, code) for learner in learners]
    )


def _offer_row(entry_year, learner: _Learner, day: date, providers, rng, code) -> dict:
    if code == "330":
        (name, course), ukprn, source = rng.choice(JOBS_WITHOUT_TRAINING), None, "learner"
    elif code == "310" or rng.random() < 0.12:
        (name, course), ukprn, code, source = rng.choice(EMPLOYERS), None, "310", "learner"
    else:
        name, ukprn, code = rng.choice(providers)
        course, source = None, "school" if code == "210" else "provider"
    return {
        "learner_id": learner.id,
        "entry_year_id": entry_year.id,
        "activity_code": code,
        "provider_name": name,
        "provider_ukprn": ukprn if ukprn and len(ukprn) == 8 else None,
        "course": course,
        "offered_on": day,
        "source": source,
        "recorded_at": datetime.combine(day + timedelta(days=rng.randint(1, 10)), time(10, 30)),
    }


def _without_offer(entry_year: EntryYear, learners: list[_Learner], recorders: dict, rng: random.Random) -> None:
    """Not appropriate, a job without training, no offer (known from contacts), or never recorded."""
    not_appropriate, jobs, no_offer = [], [], []
    for learner in learners:
        draw = rng.random()
        if draw < WITHOUT_OFFER[0]:
            not_appropriate.append(learner)
        elif draw < sum(WITHOUT_OFFER[:2]):
            jobs.append(learner)
        elif draw < sum(WITHOUT_OFFER):
            no_offer.append(learner)
    _insert_not_appropriate(entry_year, not_appropriate, date(LAST_YEAR, 4, 1), date(LAST_YEAR, 9, 25), recorders, rng)
    _insert_offers(entry_year, jobs, _days(jobs, date(LAST_YEAR, 6, 1), date(LAST_YEAR, 9, 10), rng), [], rng, "330")
    _insert_contacts(entry_year, no_offer, date(LAST_YEAR, 3, 2), date(LAST_YEAR, 9, 28), recorders, rng)


def _insert_not_appropriate(entry_year, learners, first: date, last: date, recorders: dict, rng) -> None:
    reasons = [reason for reason, _, _ in NOT_APPROPRIATE]
    weights = [weight for _, weight, _ in NOT_APPROPRIATE]
    details = {reason: detail for reason, _, detail in NOT_APPROPRIATE}
    rows = []
    for learner in learners:
        reason = rng.choices(reasons, weights)[0]
        day = _day_between(first, last, rng)
        rows.append(
            {
                "learner_id": learner.id,
                "entry_year_id": entry_year.id,
                "recorded_by_id": recorders.get(learner.area_id),
                "recorded_at": datetime.combine(day, time(14, 0)),
                "reason": reason,
                "detail": details[reason],
                "recorded_on": day,
            }
        )
    _insert(NotAppropriateRecord, rows)


def _insert_contacts(entry_year, learners: list[_Learner], first: date, last: date, recorders, rng) -> None:
    rows = [
        row
        for learner in learners
        for row in _contacts(entry_year.id, learner.id, learner.area_id, first, last, recorders, rng)
    ]
    _insert(AdviserContact, rows)


def _contacts(entry_year_id, learner_id, area_id, first: date, last: date, recorders, rng, follow_up_id=None) -> list:
    """One to three contacts a few days apart, made by the adviser for the learner's area."""
    rows, day = [], _day_between(first, last, rng)
    for _ in range(rng.choice((1, 1, 2, 3))):
        if day > last:
            break
        outcome = _weighted(CONTACT_OUTCOMES, rng)
        rows.append(
            {
                "learner_id": learner_id,
                "entry_year_id": entry_year_id,
                "recorded_by_id": recorders.get(area_id),
                "recorded_at": datetime.combine(day, time(rng.randint(9, 16), rng.choice((0, 15, 30, 45)))),
                "contacted_on": day,
                "method": _weighted(CONTACT_METHODS, rng),
                "outcome": outcome,
                "note": rng.choice(NOTES[outcome]),
                "follow_up_id": follow_up_id,
            }
        )
        day += timedelta(days=rng.randint(3, 12))
    return rows


# This year: in progress


def _this_year(entry_year: EntryYear, recorders: dict, providers: list, today: date, rng: random.Random) -> None:
    opened = entry_year.applications_open
    year_11, year_12 = _cohort(entry_year, 11), _cohort(entry_year, 12)
    priority = [learner for learner in year_11 if learner.priority]
    contacted = [learner for learner in priority if rng.random() < 0.35]
    yesterday = today - timedelta(days=1)
    _insert_contacts(entry_year, contacted, opened + timedelta(days=7), yesterday, recorders, rng)
    _insert_destinations(entry_year, contacted[: len(contacted) // 2], recorders, rng)
    early = [learner for learner in year_12 if rng.random() < 0.02]
    _insert_offers(entry_year, early, _days(early, opened + timedelta(days=14), yesterday, rng), providers, rng, "310")
    moved = [learner for learner in year_11 + year_12 if rng.random() < 0.003]
    _insert_not_appropriate(entry_year, moved, opened + timedelta(days=7), yesterday, recorders, rng)
    open_and_close(entry_year, today)
    _stamp_from_choices(entry_year, today)


def _insert_destinations(entry_year: EntryYear, learners: list[_Learner], recorders: dict, rng) -> None:
    rows = [
        {
            "learner_id": learner.id,
            "entry_year_id": entry_year.id,
            "recorded_by_id": recorders.get(learner.area_id),
            "activity_code": rng.choice(("210", "230", "230", "310")),
            "detail": None,
        }
        for learner in learners
    ]
    _insert(IntendedDestination, rows)


def _act_on_follow_ups(recorders: dict, today: date, rng: random.Random) -> None:
    """Advisers have called most learners with an open follow-up; the rest are waiting, some for weeks."""
    rows = db.session.execute(
        select(FollowUp.id, FollowUp.entry_year_id, FollowUp.opened_at, School.area_id, FollowUp.learner_id)
        .join(
            CohortEntry,
            (CohortEntry.learner_id == FollowUp.learner_id) & (CohortEntry.entry_year_id == FollowUp.entry_year_id),
        )
        .join(School, School.id == CohortEntry.school_id)
        .where(FollowUp.closed_at.is_(None))
        .order_by(FollowUp.id)
    ).all()
    contacts = []
    for follow_up_id, year_id, opened_at, area_id, learner_id in rows:
        first, last = opened_at.date() + timedelta(days=1), today - timedelta(days=1)
        if rng.random() < 0.6 and first <= last:
            contacts += _contacts(year_id, learner_id, area_id, first, last, recorders, rng, follow_up_id)
    _insert(AdviserContact, contacts)


# Dates the nightly refresh would have written


def _run_rules(entry_year: EntryYear, day: date) -> None:
    """The refresh as it ran on `day`, its follow-ups stamped as opened that night."""
    before = db.session.scalar(select(func.coalesce(func.max(FollowUp.id), 0)))
    open_and_close(entry_year, day)
    db.session.execute(
        update(FollowUp)
        .where(FollowUp.entry_year_id == entry_year.id, FollowUp.id > before)
        .values(opened_at=datetime.combine(day, NIGHTLY))
    )


def _stamp_closed(entry_year: EntryYear, offer_days: dict[int, date]) -> None:
    """Closed by an offer: the night after the offer was made."""
    rows = db.session.execute(
        select(FollowUp.id, FollowUp.learner_id, FollowUp.opened_at).where(
            FollowUp.entry_year_id == entry_year.id, FollowUp.closed_at.is_not(None)
        )
    ).all()
    updates = [
        {"id": id_, "closed_at": max(opened_at, datetime.combine(offer_days[learner] + timedelta(days=1), NIGHTLY))}
        for id_, learner, opened_at in rows
        if learner in offer_days
    ]
    if updates:
        db.session.execute(update(FollowUp), updates)


def _stamp_from_choices(entry_year: EntryYear, today: date) -> None:
    """Opened the night after the learner's last choice ended, as the nightly refresh would have done."""
    follow_ups = dict(
        db.session.execute(
            select(FollowUp.learner_id, FollowUp.id).where(FollowUp.entry_year_id == entry_year.id)
        ).all()
    )
    ended = defaultdict(lambda: datetime.min)
    columns = (Choice.rejected_at, Choice.withdrawn_at, Choice.declined_at, Choice.offer_withdrawn_at)
    rows = db.session.execute(
        select(Application.learner_id, *columns)
        .join(Choice, Choice.application_id == Application.id)
        .where(Application.entry_year_id == entry_year.id, Application.learner_id.in_(follow_ups))
    )
    for learner_id, *moments in rows:
        ended[learner_id] = max([ended[learner_id], *(moment for moment in moments if moment)])
    updates = [
        {"id": follow_ups[learner], "opened_at": min(datetime.combine(moment.date() + timedelta(days=1), NIGHTLY),
                                                     datetime.combine(today, NIGHTLY))}
        for learner, moment in ended.items()
        if moment > datetime.min
    ]  # fmt: skip
    if updates:
        db.session.execute(update(FollowUp), updates)


# Small helpers


def _analyse() -> None:
    """PostgreSQL plans the status queries from table statistics, which bulk inserts leave empty until ANALYZE."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))


def _insert(model, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(model).execution_options(render_nulls=True), rows)


def _day_between(first: date, last: date, rng: random.Random) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _weighted(options, rng: random.Random) -> str:
    return rng.choices([value for value, _ in options], [weight for _, weight in options])[0]
