"""September Guarantee figures for a county cohort and a national-size one, on PostgreSQL.

    .venv/bin/python benchmarks/guarantee.py                         # county (15,000) and national (1,300,000)
    .venv/bin/python benchmarks/guarantee.py --sizes 15000           # county only
    .venv/bin/python benchmarks/guarantee.py --sizes 15000 300000    # any sizes

For each size it makes a fresh database (dropped first), builds the schema with the migrations, and bulk-loads a
finished cycle (entry year 2026) with COPY: schools, providers and courses, the Year 11 and Year 12 cohort, about 46%
of learners applying through Pathways with 1-4 choices in every state, offers, contacts and not-appropriate records
that advisers made, a quarter of learners on free school meals. Then it prints:

- the dashboard: `cohort_counts` in-process, and GET `/adviser/` under the test client (council and one adviser);
- `flask guarantee refresh` (run twice: the second run opens nothing, as it would every night);
- the NCCIS export in a child process: time and peak memory (ru_maxrss) for a tenth of the schools and for the whole
  year group, to show that memory stays flat as rows grow;
- the baseline: `facts_for` + `guarantee_status` learner by learner in Python (on a sample for large cohorts,
  extrapolated), the ratio to `cohort_counts`, and a check that both give the same statuses;
- EXPLAIN ANALYZE of the dashboard query (whole cohort and an adviser's area) for the smallest size.

Goals (issue 5): dashboard 300 ms for the county and 3 s for the national cohort; export under 60 s national with
memory flat.
"""

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import psycopg
from flask import g
from sqlalchemy import func, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from application.guarantee import STATUSES, guarantee_status  # noqa: E402
from application.guarantee_models import CaseloadAssignment  # noqa: E402
from application.guarantee_queries import cohort_counts, cohort_counts_select, facts_for, status_rows  # noqa: E402
from application.models import CohortEntry  # noqa: E402
from core import create_app  # noqa: E402
from core.auth.passwords import hash_password  # noqa: E402
from core.extensions import db  # noqa: E402
from core.models import User  # noqa: E402
from prospectus.models import Area, Course, EntryYear, Provider  # noqa: E402

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PASSWORD = "guarantee-benchmark-password"
YEAR = 2026
AS_OF = date(2026, 9, 30)
GOALS = {"county_dashboard_s": 0.3, "national_dashboard_s": 3.0, "national_export_s": 60.0}
OFFER_CODES = ["210"] * 30 + ["220"] * 12 + ["230"] * 25 + ["310"] * 12 + ["250"] * 4 + ["330"] * 3 + ["340"] * 5
OFFER_CODES += ["270", "280", "320", "410", "450", "460"]
BASELINE_SAMPLE = 3000


def main() -> None:
    options = _options()
    if options.export_child:
        _export_child(*options.export_child)
        return
    for number, size in enumerate(options.sizes):
        database = f"pathways_bench_guarantee_{size}"
        print(f"\n=== {size:,} learners (database {database}) ===", flush=True)
        url = f"{SERVER}/{database}"
        app = _app(url)
        with app.app_context():
            if not options.reuse:
                _fresh_database(database)
                with _timed("schema and bulk load"):
                    Seeder(size, random.Random(size)).load()
            _report(app, url, size, explain=number == 0)


def _options():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[15_000, 1_300_000])
    parser.add_argument("--reuse", action="store_true", help="Use the databases of a previous run as they are.")
    parser.add_argument("--export-child", nargs=4, metavar=("URL", "YEAR_GROUP", "SCHOOL_SHARE", "FILE"))
    return parser.parse_args()


def _app(url: str):
    return create_app("test", SQLALCHEMY_DATABASE_URI=url, SEARCH_INDEX_DIR=tempfile.mkdtemp(prefix="bench-index-"))


def _fresh_database(name: str) -> None:
    db.engine.dispose()
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


@contextmanager
def _timed(label: str):
    started = time.perf_counter()
    yield
    print(f"{label}: {time.perf_counter() - started:.1f} s", flush=True)


# Loading a finished cycle


class Seeder:
    def __init__(self, size: int, rng: random.Random):
        self.size, self.rng = size, rng
        self.areas = max(7, size // 10_000)
        self.schools = max(40, size // 300)
        self.providers = max(60, size // 400)

    def load(self) -> None:
        from flask_migrate import upgrade

        upgrade(directory=str(ROOT / "migrations"))
        self.entry_year_id = self._reference_data()
        raw = db.engine.raw_connection()
        try:
            with raw.cursor() as cursor:
                self._copy_people(cursor)
            raw.commit()
        finally:
            raw.close()
        with db.engine.begin() as connection:
            for table in ("learners", "applications"):
                connection.execute(text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"))
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
        self._users()

    def _reference_data(self) -> int:
        entry_year = EntryYear(
            year=YEAR,
            applications_open=date(YEAR - 1, 10, 1),
            main_deadline=date(YEAR, 2, 27),
            guarantee_deadline=AS_OF,
            checkpoint_dates=["2026-06-01", "2026-08-31", "2026-09-15"],
        )
        db.session.add(entry_year)
        db.session.flush()
        db.session.execute(insert(Area), [{"id": n + 1, "name": f"Area {n + 1}"} for n in range(self.areas)])
        schools = [
            {"id": n + 1, "urn": f"{100000 + n}", "name": f"School {n + 1}", "area_id": n % self.areas + 1}
            for n in range(self.schools)
        ]
        db.session.execute(
            text("INSERT INTO schools (id, urn, name, area_id) VALUES (:id, :urn, :name, :area_id)"), schools
        )
        db.session.execute(insert(Provider), [self._provider(n) for n in range(self.providers)])
        courses = [self._course(n, entry_year.id) for n in range(self.providers * 5)]
        db.session.execute(insert(Course), courses)
        db.session.commit()
        self.course_ids = list(db.session.scalars(select(Course.id)))
        return entry_year.id

    def _provider(self, n: int) -> dict:
        school = n % 3 == 0
        return {
            "id": n + 1,
            "name": f"Provider {n + 1}",
            "urn": f"{600000 + n}" if school else None,
            "ukprn": None if school else f"1{n:07d}",
            "provider_type": "school-sixth-form" if school else "fe-college",
            "area_id": n % self.areas + 1,
        }

    def _course(self, n: int, entry_year_id: int) -> dict:
        return {
            "provider_id": n // 5 + 1,
            "entry_year_id": entry_year_id,
            "title": f"Course {n}",
            "provider_course_code": f"C{n}",
            "qualification_type": "a-level",
            "level": "3",
            "ssa_tier1": "2",
            "age_group": "16-19",
            "study_mode": "full-time",
            "start_date": date(YEAR, 9, 7),
            "duration": "2 years",
            "entry_requirements": "Five GCSEs at grade 4 or above.",
            "description": "A course.",
            "nccis_offer_code": self.rng.choice(OFFER_CODES),
            "status": "published",
        }

    def _copy_people(self, cursor) -> None:
        tables = {
            "learners": "id, upn, given_name, family_name, date_of_birth, home_postcode, free_school_meals, "
            "sen_status, looked_after, created_at, updated_at",
            "cohort_entries": "learner_id, entry_year_id, year_group, school_id",
            "applications": "id, learner_id, entry_year_id, status, completed_sections, submitted_at, "
            "declaration_agreed_at, created_at, updated_at",
            "choices": "application_id, course_id, rank, status, version, submitted_at, offered_at, rejected_at, "
            "withdrawn_at, accepted_at, declined_at, offer_withdrawn_at, conditions_not_met_at, enrolled_at, "
            "rejection_reason, interview_online, created_at",
            "external_offers": "learner_id, entry_year_id, activity_code, provider_name, provider_ukprn, course, "
            "offered_on, source, recorded_at",
            "adviser_contacts": "learner_id, entry_year_id, contacted_on, method, outcome, recorded_at",
            "not_appropriate_records": "learner_id, entry_year_id, reason, recorded_on, recorded_at",
        }
        rows: dict[str, list] = {table: [] for table in tables}
        for learner_id in range(1, self.size + 1):
            self._learner(learner_id, rows)
            if learner_id % 50_000 == 0 or learner_id == self.size:
                for table, columns in tables.items():
                    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        for row in rows[table]:
                            copy.write_row(row)
                    rows[table].clear()
                print(f"  loaded {learner_id:,} learners", flush=True)

    def _learner(self, learner_id: int, rows: dict) -> None:
        rng, now = self.rng, datetime(YEAR, 10, 1)
        fsm = rng.random() < 0.26
        rows["learners"].append(
            (learner_id, f"B{learner_id:012d}", "Sam", f"Learner{learner_id}", date(2009, 1 + learner_id % 12, 1),
             "OX1 1AA", fsm, "none", rng.random() < 0.01, now, now)
        )  # fmt: skip
        rows["cohort_entries"].append(
            (learner_id, self.entry_year_id, 11 if learner_id % 2 else 12, rng.randrange(self.schools) + 1)
        )
        offer_chance = 0.9 if fsm else 0.96
        if rng.random() < 0.46:
            self._application(learner_id, rng.random() < offer_chance, rows)
        elif rng.random() < offer_chance:
            self._external_offer(learner_id, rows)
        if rng.random() < 0.15:
            rows["adviser_contacts"].append(
                (learner_id, self.entry_year_id, self._day(), "phone", "spoke", now)
            )  # fmt: skip
        if rng.random() < 0.015:
            rows["not_appropriate_records"].append((learner_id, self.entry_year_id, "moved-away", self._day(), now))

    def _application(self, learner_id: int, offer: bool, rows: dict) -> None:
        submitted = datetime(YEAR - 1, 11, 1) + timedelta(days=self.rng.randrange(110), hours=self.rng.randrange(24))
        rows["applications"].append(
            (learner_id, learner_id, self.entry_year_id, "submitted", "[]", submitted, submitted, submitted, submitted)
        )
        courses = self.rng.sample(self.course_ids, self.rng.randint(1, 4))
        for rank, course_id in enumerate(courses, start=1):
            held = offer and rank == 1
            rows["choices"].append(self._choice(learner_id, course_id, rank, submitted, held))

    def _choice(self, application_id: int, course_id: int, rank: int, submitted: datetime, held: bool) -> tuple:
        rng = self.rng
        times = dict.fromkeys(
            ("offered", "rejected", "withdrawn", "accepted", "declined", "offer_withdrawn", "conditions_not_met",
             "enrolled")
        )  # fmt: skip
        decided = submitted + timedelta(days=rng.randrange(5, 60))
        if held:
            status = rng.choice(["enrolled"] * 6 + ["accepted"] * 3 + ["conditions-not-met"])
            times["offered"], times["accepted"] = decided, decided + timedelta(days=7)
            if status == "enrolled":
                times["enrolled"] = datetime(YEAR, 9, 7, 9)
            elif status == "conditions-not-met":
                times["conditions_not_met"] = datetime(YEAR, 8, 21, 10)
        else:
            status = rng.choice(["rejected"] * 5 + ["withdrawn"] * 3 + ["offer-withdrawn"])
            if status == "offer-withdrawn":
                times["offered"], times["offer_withdrawn"] = decided, decided + timedelta(days=20)
            else:
                times[status] = decided
        reason = "course-full" if status == "rejected" else None
        return (application_id, course_id, rank, status, 1, submitted, *times.values(), reason, False, submitted)

    def _external_offer(self, learner_id: int, rows: dict) -> None:
        code = self.rng.choice(OFFER_CODES)
        rows["external_offers"].append(
            (learner_id, self.entry_year_id, code, "Local employer", "10012345", None, self._day(), "school",
             datetime(YEAR, 10, 1))
        )  # fmt: skip

    def _day(self) -> date:
        return date(YEAR, 3, 1) + timedelta(days=self.rng.randrange(200))

    def _users(self) -> None:
        password = hash_password(PASSWORD)
        council = User(email="council@example.org", name="Council", role="council", password_hash=password)
        adviser = User(email="adviser@example.org", name="Adviser", role="adviser", password_hash=password)
        db.session.add_all([council, adviser])
        db.session.flush()
        db.session.add(CaseloadAssignment(adviser_id=adviser.id, area_id=1))
        db.session.commit()


# Figures


def _report(app, url: str, size: int, explain: bool) -> None:
    entry_year = db.session.scalar(select(EntryYear).where(EntryYear.year == YEAR))
    cohort = db.session.scalar(select(func.count()).select_from(CohortEntry).where(CohortEntry.year_group == 11))
    print(f"Year 11 cohort: {cohort:,} learners (the dashboard and exports below are for Year 11)")
    adviser = db.session.scalar(select(User).where(User.role == "adviser"))
    from application.caseload import cohort_scope

    council_s = _best_of(lambda: cohort_counts(entry_year, 11, AS_OF))
    adviser_s = _best_of(lambda: cohort_counts(entry_year, 11, AS_OF, cohort_scope(adviser)))
    counts = cohort_counts(entry_year, 11, AS_OF)
    shares = ", ".join(f"{STATUSES[s].lower()} {counts.total.percent(s):.1f}%" for s in STATUSES)
    print(f"statuses: {shares}; FSM gap {counts.fsm_gap:.1f} points")
    print(f"cohort_counts, whole cohort: median {council_s * 1000:.0f} ms")
    print(f"cohort_counts, an adviser's area: median {adviser_s * 1000:.0f} ms")
    _dashboard_requests(app)
    _refresh(app)
    _exports(url)
    _baseline(db.session.merge(entry_year), council_s)
    if explain:
        adviser = db.session.scalar(select(User).where(User.role == "adviser"))
        _explain(entry_year, None, "whole cohort")
        _explain(entry_year, cohort_scope(adviser), "an adviser's area")


def _best_of(work, runs: int = 3) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
        db.session.rollback()
    return statistics.median(timings)


def _dashboard_requests(app) -> None:
    if "adviser.dashboard" not in app.view_functions:
        print("GET /adviser/: the adviser dashboard route does not exist yet")
        return
    for email in ("council@example.org", "adviser@example.org"):
        client = app.test_client()
        g.pop("_login_user", None)
        assert client.post("/sign-in", data={"email": email, "password": PASSWORD}).status_code == 302

        def get(client=client):
            g.pop("_login_user", None)  # the benchmark keeps one app context: let each request load its own user
            response = client.get(f"/adviser/?year={YEAR}&year_group=11")
            assert response.status_code == 200, response.status_code

        print(f"GET /adviser/ as {email.split('@')[0]}: median {_best_of(get) * 1000:.0f} ms")


def _refresh(app) -> None:
    if "refresh" not in app.cli.commands["guarantee"].commands:
        print("flask guarantee refresh: the command does not exist yet")
        return
    runner = app.test_cli_runner()
    with db.engine.begin() as connection:  # a first run opens every follow-up, even on a reused database
        connection.execute(text("DELETE FROM follow_ups"))
    for run in ("first run", "second run"):
        started = time.perf_counter()
        result = runner.invoke(args=["guarantee", "refresh", "--entry-year", str(YEAR), "--today", AS_OF.isoformat()])
        elapsed = time.perf_counter() - started
        summary = " / ".join(line.strip() for line in result.output.splitlines() if ":" in line)[:160]
        print(f"flask guarantee refresh, {run}: {elapsed:.1f} s (exit {result.exit_code}; {summary})")
        db.session.remove()


def _exports(url: str) -> None:
    for year_group, share, label in (
        ("11", "0.1", "a tenth of the schools"),
        ("11", "1", "whole"),
        ("12", "1", "whole"),
    ):
        with tempfile.NamedTemporaryFile(suffix=".csv") as file:
            command = [sys.executable, __file__, "--export-child", url, year_group, share, file.name]
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
            print(f"export, Year {year_group}, {label}: {output}")


def _export_child(url: str, year_group: str, share: str, path: str) -> None:
    """In a fresh process: write the return for some of the schools and print time, rows and peak memory."""
    from application.nccis_export import csv_chunks

    app = _app(url)
    with app.app_context():
        entry_year = db.session.scalar(select(EntryYear).where(EntryYear.year == YEAR))
        schools = db.session.scalar(select(func.max(CohortEntry.school_id)))
        scope = CohortEntry.school_id <= max(1, int(schools * float(share)))
        before, resident = _peak_memory_kb(), _memory_kb("VmRSS")
        started = time.perf_counter()
        rows = 0
        with open(path, "w", encoding="utf-8", newline="") as output:
            for chunk in csv_chunks(entry_year, int(year_group), AS_OF, scope):
                rows += chunk.count("\n")
                output.write(chunk)
        elapsed = time.perf_counter() - started
        peak = _peak_memory_kb()
        size = Path(path).stat().st_size
        print(
            f"{rows - 1:,} rows, {size / 1e6:.1f} MB in {elapsed:.1f} s; "
            f"peak memory {peak / 1024:.0f} MB (before the export: {resident / 1024:.0f} MB resident, "
            f"peak so far {before / 1024:.0f} MB; after: {_memory_kb('VmRSS') / 1024:.0f} MB resident)"
        )


def _peak_memory_kb() -> int:
    """The process's high-water mark of resident memory (VmHWM; unlike ru_maxrss, it starts afresh at exec)."""
    return _memory_kb("VmHWM")


def _memory_kb(field: str) -> int:
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith(f"{field}:")))


def _baseline(entry_year, sql_seconds: float) -> None:
    """Learner by learner in Python, as a page would for one learner, over the cohort (or a sample of it)."""
    learner_ids = list(
        db.session.scalars(
            select(CohortEntry.learner_id).where(CohortEntry.year_group == 11).order_by(CohortEntry.learner_id)
        )
    )
    sample = (
        learner_ids
        if len(learner_ids) <= BASELINE_SAMPLE * 3
        else random.Random(1).sample(learner_ids, BASELINE_SAMPLE)
    )
    started = time.perf_counter()
    python = {
        learner_id: guarantee_status(facts_for(learner_id, entry_year, AS_OF), AS_OF).status for learner_id in sample
    }
    elapsed = time.perf_counter() - started
    whole = elapsed * len(learner_ids) / len(sample)
    rows = status_rows(entry_year, 11, AS_OF, CohortEntry.learner_id.in_(sample)).subquery()
    sql = dict(db.session.execute(select(rows.c.learner_id, rows.c.status)).all())
    agree = sum(python[learner_id] == sql[learner_id] for learner_id in sample)
    measured = "" if len(sample) == len(learner_ids) else f" (measured on {len(sample):,}, extrapolated)"
    print(
        f"baseline, learner by learner in Python: {whole:.1f} s for {len(learner_ids):,} learners{measured}; "
        f"{whole / sql_seconds:.0f}x the SQL counts; statuses agree for {agree:,} of {len(sample):,}"
    )


def _explain(entry_year, scope, label: str) -> None:
    statement = cohort_counts_select(entry_year, 11, AS_OF, scope)
    compiled = statement.compile(dialect=db.engine.dialect, compile_kwargs={"render_postcompile": True})
    with db.engine.connect() as connection:
        plan = connection.exec_driver_sql("EXPLAIN (ANALYZE, COSTS OFF) " + str(compiled), compiled.params).all()
    lines = [row[0] for row in plan]
    scans = [line.strip() for line in lines if "Scan" in line]
    print(f"EXPLAIN ANALYZE, {label}: {lines[-1].strip()}")
    for line in scans:
        print(f"    {line}")


if __name__ == "__main__":
    main()
