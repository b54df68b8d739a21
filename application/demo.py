"""`flask seed demo`, second half: the county's schools, a cohort of about 15,000 learners and 7,000 applications.

Everything is planned in memory from one fixed random seed, then written with bulk inserts inside the seed's
transaction. Times are set against `now` (kept inside the 2027 application window), so the demo always has recent
submissions, decisions still to make, some of them overdue, and offers waiting for replies. Last year's cycle (2026)
has finished, so it holds the conditions met or not met and the enrolments.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import insert, select

from application import states
from application.account_services import CODE_ALPHABET, CODE_LENGTH, format_code
from application.demo_applications import (
    DEADLINE,
    LAST_YEAR,
    OPENS,
    THIS_YEAR,
    CoursePicker,
    PlannedApplication,
    PoolCourse,
    choose_applicants,
    course_track,
    plan_application,
)
from application.demo_choices import ChoiceLife, Cycle, PlannedChoice
from application.demo_cohort import YEAR_11, CohortLearner, demo_schools, plan_cohort
from application.demo_guarantee import load_demo_guarantee
from application.models import (
    Application,
    Choice,
    ChoiceEvent,
    CohortEntry,
    Learner,
    OfferCondition,
    Qualification,
    School,
)
from core.extensions import db
from core.models import AuditEvent, User
from core.roles import LEARNER
from prospectus.models import PUBLISHED, Course, EntryYear, Provider

SEED = "pathways-oxfordshire-cohort"
DEMO_LEARNER_EMAIL = "learner@pathways.example"
DEMO_SCHOOL = "John Mason School"
# The demo learner's choices in their ranked order: (provider, the start of the course title).
DEMO_CHOICES = (
    ("Abingdon and Witney College", "T Level"),
    ("Activate Learning", "BTEC Level 3"),
    ("The Cherwell School", "A level Biology"),
    (DEMO_SCHOOL, "A level Chemistry"),
)
DEMO_KINDS = {
    "T Level": ("t-level", "3"),
    "BTEC Level 3": ("btec", "3"),
    "A level Biology": ("a-level", "3"),
    "A level Chemistry": ("a-level", "3"),
}
RESULTS_DAY = {LAST_YEAR: datetime(2026, 8, 20).date(), THIS_YEAR: datetime(2027, 8, 26).date()}
CHOICE_COLUMNS = (
    "rank",
    "course_id",
    "status",
    *states.TIMESTAMP_FOR.values(),
    "interview_starts_at",
    "interview_place",
    "interview_online",
    "rejection_reason",
    "rejection_detail",
    "offer_withdrawal_reason",
)


@dataclass
class CohortReport:
    schools: int = 0
    learners: Counter = field(default_factory=Counter)  # year group -> learners
    applications: Counter = field(default_factory=Counter)  # (entry year, status) -> applications
    choices: Counter = field(default_factory=Counter)  # status -> choices
    demo_learner: str = ""


def demo_now(now: datetime) -> datetime:
    """The demo's present: the real time, kept between eight weeks after applications open and the deadline."""
    return min(max(now, OPENS[THIS_YEAR] + timedelta(weeks=8)), DEADLINE[THIS_YEAR])


def load_demo_cohort(
    password_hash: str, now: datetime, area_ids: dict[str, int], provider_actors: dict[int, int]
) -> CohortReport:
    """Plan and insert schools, learners, accounts, applications and choices. The caller commits."""
    now = demo_now(now)
    rng = random.Random(SEED)
    schools = demo_schools()
    _insert_schools(schools, area_ids)
    learners = plan_cohort(schools, rng)
    years = dict(db.session.execute(select(EntryYear.year, EntryYear.id)).all())
    pickers = {year: CoursePicker(_course_pool(years[year]), rng) for year in (THIS_YEAR, LAST_YEAR)}
    plans = [
        plan
        for learner, year in choose_applicants(learners, rng)
        if (plan := plan_application(learner, year, pickers[year], now, rng))
    ]
    demo = _demo_application(learners, plans, pickers[THIS_YEAR], now, rng)
    plans.append(demo)
    _give_accounts(learners, plans, demo, rng)
    _insert_learners(learners)
    _insert_cohort(learners, plans, years, schools)
    learner_users = _insert_learner_users(learners, password_hash)
    _insert_applications(plans, years)
    lives = [_life(plan, learner_users, provider_actors, now, rng) for plan in plans if plan.submitted]
    _insert_choices(plans, lives, demo, now, rng)
    load_demo_guarantee(now)
    return _report(len(schools), learners, plans, lives, demo)


def _insert_schools(schools, area_ids: dict[str, int]) -> None:
    rows = [
        {"urn": school.urn, "name": school.name, "area_id": area_ids[school.area], "postcode": school.postcode}
        for school in schools
    ]
    _bulk_insert(School, rows)
    ids = dict(db.session.execute(select(School.urn, School.id)).all())
    for school in schools:
        school.id = ids[school.urn]


def _course_pool(entry_year_id: int) -> list[PoolCourse]:
    rows = db.session.execute(
        select(
            Course.id,
            Course.provider_id,
            Provider.name,
            Provider.provider_type,
            Provider.urn,
            Course.title,
            Provider.latitude,
            Provider.longitude,
            Course.qualification_type,
            Course.level,
            Course.start_date,
        )
        .join(Course.provider)
        .where(Course.entry_year_id == entry_year_id, Course.status == PUBLISHED, Course.age_group != "14-16")
        .order_by(Course.id)
    ).all()
    return [
        PoolCourse(*row[:8], track=track, start_date=row.start_date)
        for row in rows
        if (track := course_track(row.qualification_type, row.level))
    ]


def _demo_application(learners, plans, picker: CoursePicker, now: datetime, rng) -> PlannedApplication:
    """A Year 11 learner with two offers to reply to, a choice waiting for a decision and an interview coming up."""
    applied = {id(plan.learner) for plan in plans}
    learner = next(
        learner
        for learner in learners
        if learner.school.name == DEMO_SCHOOL and learner.year_group == YEAR_11 and id(learner) not in applied
    )
    learner.row.update(free_school_meals=False, looked_after=False, sen_status="none")
    learner.ability = 1.0
    learner.extras["email"] = DEMO_LEARNER_EMAIL
    plan = plan_application(learner, THIS_YEAR, picker, now, rng, draft=False)
    plan.row.update(_submitted_times(now - timedelta(days=24)))
    plan.courses = [_first_course(picker, provider, title) for provider, title in DEMO_CHOICES]
    plan.suits = [True] * len(plan.courses)
    return plan


def _submitted_times(submitted_at: datetime) -> dict:
    submitted_at = datetime.combine(submitted_at.date(), time(18, 40))
    return {
        "submitted_at": submitted_at,
        "declaration_agreed_at": submitted_at,
        "created_at": submitted_at - timedelta(days=6),
        "updated_at": submitted_at,
    }


def _first_course(picker: CoursePicker, provider_name: str, title: str) -> PoolCourse:
    return next(
        course
        for courses in picker.by_track.get(course_track(*DEMO_KINDS[title]), {}).values()
        for course in courses
        if course.provider_name == provider_name and course.title.startswith(title)
    )


def _give_accounts(learners, plans, demo: PlannedApplication, rng) -> None:
    """Learners who applied have an account (so an email); everyone else has an activation code to hand out."""
    started = {}
    for plan in plans:
        key = id(plan.learner)
        started[key] = min(started.get(key, plan.row["created_at"]), plan.row["created_at"])
    codes = _activation_codes(len(learners), rng)
    for learner, code in zip(learners, codes, strict=True):
        if id(learner) in started:
            learner.row["email"] = learner.extras["email"]
            learner.row["activated_at"] = started[id(learner)] - timedelta(minutes=rng.randint(5, 3 * 24 * 60))
        else:
            learner.row["activation_code"] = code
    demo.learner.row["email"] = DEMO_LEARNER_EMAIL


def _activation_codes(count: int, rng: random.Random) -> list[str]:
    """Codes in the shape application.account_services issues, drawn from the seeded generator."""
    codes: dict[str, None] = {}
    while len(codes) < count:
        codes[format_code("".join(rng.choices(CODE_ALPHABET, k=CODE_LENGTH)))] = None
    return list(codes)


def _insert_learners(learners: list[CohortLearner]) -> None:
    _bulk_insert(Learner, [learner.row for learner in learners])
    ids = dict(db.session.execute(select(Learner.upn, Learner.id)).all())
    for learner in learners:
        learner.id = ids[learner.row["upn"]]


def _insert_cohort(learners, plans, years: dict[int, int], schools) -> None:
    """This year's Year 11 and Year 12; last year's Year 11 record for the Year 12 learners who applied then."""
    rows = [
        {"learner_id": learner.id, "entry_year_id": years[THIS_YEAR], "year_group": learner.year_group}
        | {"school_id": learner.school.id}
        for learner in learners
    ]
    rows += [
        {"learner_id": plan.learner.id, "entry_year_id": years[LAST_YEAR], "year_group": YEAR_11}
        | {"school_id": plan.learner.school.id}
        for plan in plans
        if plan.year == LAST_YEAR
    ]
    _bulk_insert(CohortEntry, rows)


def _insert_learner_users(learners: list[CohortLearner], password_hash: str) -> dict[int, int]:
    """Accounts for learners who applied; they share the demo password, so one hash serves them all."""
    with_accounts = [learner for learner in learners if learner.row["activated_at"]]
    rows = [
        {
            "email": learner.row["email"],
            "name": f"{learner.row['given_name']} {learner.row['family_name']}",
            "role": LEARNER,
            "learner_id": learner.id,
            "password_hash": password_hash,
            "email_verified_at": learner.row["activated_at"] + timedelta(minutes=3),
            "active": True,
            "created_at": learner.row["activated_at"],
        }
        for learner in with_accounts
    ]
    _bulk_insert(User, rows)
    return dict(db.session.execute(select(User.learner_id, User.id).where(User.role == LEARNER)).all())


def _insert_applications(plans: list[PlannedApplication], years: dict[int, int]) -> None:
    rows = [
        {key: value for key, value in plan.row.items() if key != "entry_year"}
        | {"learner_id": plan.learner.id, "entry_year_id": years[plan.year]}
        for plan in plans
    ]
    _bulk_insert(Application, rows)
    ids = db.session.execute(select(Application.learner_id, Application.entry_year_id, Application.id)).all()
    ids = {(learner_id, year_id): application_id for learner_id, year_id, application_id in ids}
    for plan in plans:
        plan.id = ids[plan.learner.id, years[plan.year]]
    grades = [row | {"application_id": plan.id} for plan in plans for row in plan.qualifications]
    if grades:
        _bulk_insert(Qualification, grades)


def _planned_choices(plan: PlannedApplication) -> list[PlannedChoice]:
    return [
        PlannedChoice(course.id, course.provider_id, course.provider_type, course.provider_name, course.start_date, fit)
        for course, fit in zip(plan.courses, plan.suits, strict=True)
    ]


def _life(plan, learner_users, provider_actors, now, rng) -> tuple[PlannedApplication, ChoiceLife]:
    cycle = Cycle(now=now, results_day=RESULTS_DAY[plan.year], completed=plan.year == LAST_YEAR)
    life = ChoiceLife(_planned_choices(plan), cycle, rng, learner_users[plan.learner.id], provider_actors)
    life.submit(plan.row["submitted_at"])
    if plan.learner.row["email"] == DEMO_LEARNER_EMAIL:
        _script_demo(life, plan.row["submitted_at"], now)
    else:
        life.plan_everything(plan.row["submitted_at"])
    life.run()
    return plan, life


def _script_demo(life: ChoiceLife, submitted_at: datetime, now: datetime) -> None:
    """Interview then a conditional offer; an unconditional offer; one waiting; an interview next week."""
    life.scripted = True
    day = submitted_at.date()
    interview = _weekday(day + timedelta(days=9), time(10, 20))
    life.schedule(_weekday(day + timedelta(days=2), time(11, 5)), states.INVITE, 0, starts_at=interview)
    conditions = ["Grade 4 or above in GCSE English Language", "Grade 4 or above in GCSE mathematics"]
    life.schedule(_weekday(interview.date() + timedelta(days=3), time(15, 30)), states.OFFER, 0, conditions=conditions)
    life.schedule(_weekday(day + timedelta(days=7), time(9, 45)), states.OFFER, 1, conditions=[])
    next_week = _weekday(now.date() + timedelta(days=6), time(14, 0))
    life.schedule(_weekday(now.date() - timedelta(days=4), time(12, 10)), states.INVITE, 3, starts_at=next_week)


def _weekday(day, at: time) -> datetime:
    """`at` on `day`, or on the Monday after if `day` falls at a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, at)


def _insert_choices(plans, lives, demo, now, rng) -> None:
    drafts = [(plan, _planned_choices(plan)) for plan in plans if not plan.submitted]
    for _, choices in drafts:
        for rank, choice in enumerate(choices, start=1):
            choice.row.update(status=states.DRAFT, rank=rank, course_id=choice.course_id)
    submitted = [(plan, life.choices) for plan, life in lives]
    everything = [(plan, choice) for plan, choices in drafts + submitted for choice in choices]
    rows = [
        {column: choice.row.get(column) for column in CHOICE_COLUMNS}
        | {"application_id": plan.id, "interview_online": bool(choice.row.get("interview_online"))}
        | {"created_at": plan.row["created_at"] + timedelta(minutes=rng.randint(1, 600))}
        for plan, choice in everything
    ]
    _bulk_insert(Choice, rows)
    ids = db.session.execute(select(Choice.application_id, Choice.course_id, Choice.id)).all()
    ids = {(application_id, course_id): choice_id for application_id, course_id, choice_id in ids}
    for plan, choice in everything:
        choice.row["id"] = ids[plan.id, choice.course_id]
    _insert_history(submitted)


def _insert_history(submitted: list[tuple[PlannedApplication, list[PlannedChoice]]]) -> None:
    """Each transition's history row, its audit event, and the conditions of every conditional offer."""
    events, audits, conditions = [], [], []
    for plan, choices in submitted:
        audits.append(_audit("application-submitted", "applications", plan.id, None, plan.row["submitted_at"], {}))
        for choice in choices:
            for event in choice.events:
                detail = dict(event["detail"])
                if "accepted_choice" in detail:
                    detail["accepted_choice_id"] = choices[detail.pop("accepted_choice")].row["id"]
                events.append(event | {"choice_id": choice.row["id"], "detail": detail})
                audit_detail = {"transition": event["event"], "from_status": event["from_status"], **detail}
                audits.append(
                    _audit(
                        f"choice-{event['to_status']}",
                        "choices",
                        choice.row["id"],
                        event["actor_id"],
                        event["occurred_at"],
                        audit_detail,
                    )
                )
            conditions += [
                {"choice_id": choice.row["id"], "text": text, "status": choice.condition_status}
                for text in choice.conditions
            ]
    for model, rows in ((ChoiceEvent, events), (AuditEvent, audits), (OfferCondition, conditions)):
        if rows:
            _bulk_insert(model, rows)


def _audit(event: str, subject_type: str, subject_id: int, actor_id, occurred_at, detail: dict) -> dict:
    return {
        "event": event,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "actor_id": actor_id,
        "occurred_at": occurred_at,
        "detail": detail,
    }


def _report(schools: int, learners, plans, lives, demo: PlannedApplication) -> CohortReport:
    choices = Counter(choice.row["status"] for _, life in lives for choice in life.choices)
    choices[states.DRAFT] += sum(len(plan.courses) for plan in plans if not plan.submitted)
    return CohortReport(
        schools=schools,
        learners=Counter(learner.year_group for learner in learners),
        applications=Counter((plan.year, plan.row["status"]) for plan in plans),
        choices=choices,
        demo_learner=f"{demo.learner.row['given_name']} {demo.learner.row['family_name']}",
    )


def _bulk_insert(model, rows: list[dict]) -> None:
    """One executemany per table: render_nulls keeps rows with different empty columns in the same batch."""
    db.session.execute(insert(model).execution_options(render_nulls=True), rows)
