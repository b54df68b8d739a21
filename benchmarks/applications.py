"""Deadline day: thousands of learners send their applications at once, to the app under gunicorn on PostgreSQL.

    .venv/bin/python benchmarks/applications.py [--learners 5000] [--clients 8] [--baseline 1000]

It makes a fresh PostgreSQL database (dropped first if it exists), loads the demo county (`flask seed demo`: courses,
the cohort, 7,000 applications), then adds the benchmark's learners, each with a complete application not yet sent
and 3-5 chosen courses. Learners are already signed in: the script signs their session cookies and form tokens with
the server's secret key, because 5,000 deliberately slow password checks would measure argon2, not submitting.
A twentieth of the learners double-click: they send the same form twice at once.

Then it starts gunicorn (2 workers, as `make run` does) on 127.0.0.1 and a free port, and concurrent clients POST
the check-your-answers form. It prints throughput, submit latency p50/p95, errors, and checks in the database that
each application was sent exactly once with all its choices. The baseline sends other learners' applications
through the service function (`application.services.applications.send_application`) in this process, one at a
time, without HTTP: the ratio shows what the web layer and concurrency cost.

Goals (issue 4): at least 50 submissions a second, p95 under 300 ms, no errors.
"""

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import requests
from flask import g, session
from flask_wtf.csrf import generate_csrf
from sqlalchemy import func, insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from application import rules, states  # noqa: E402
from application.models import Application, Choice, ChoiceEvent, Learner  # noqa: E402
from application.services.applications import SECTIONS, send_application  # noqa: E402
from application.upn import with_check_letter  # noqa: E402
from core import create_app  # noqa: E402
from core.extensions import db  # noqa: E402
from core.models import QueuedMail, User  # noqa: E402
from core.roles import LEARNER  # noqa: E402
from core.timeutil import utcnow  # noqa: E402
from prospectus.demo.loader import seed_demo  # noqa: E402
from prospectus.models import PUBLISHED, Course, EntryYear  # noqa: E402

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
DEMO_PASSWORD = "deadline-day-benchmark"
SECRET_KEY = "benchmark-only-secret-key"
CONFIRMATION = "/your-application/confirmation"
GOALS = {"throughput": 50.0, "p95_ms": 300.0, "errors": 0}


@dataclass
class BenchLearner:
    user_id: int
    application_id: int
    choices: int
    cookie: str = ""
    token: str = ""
    double_click: bool = False


def main() -> None:
    options = _options()
    url = f"{SERVER}/{options.database}"
    print(f"Database {options.database}: creating and loading the demo county...", flush=True)
    _fresh_database(options.database)
    app = _app(url)
    started = time.monotonic()
    with app.app_context():
        _load(app)
        print(f"  demo county loaded in {time.monotonic() - started:.0f} s", flush=True)
        learners = _add_learners(options.learners + options.baseline, random.Random(2027))
        http_learners, baseline_learners = learners[: options.learners], learners[options.learners :]
        _sign_in(app, http_learners, options.double_clicks)
    with _gunicorn(url) as base_url:
        figures = _deadline_rush(base_url, http_learners, options.clients)
    with app.app_context():
        check = _database_check(http_learners)
        baseline = _baseline(baseline_learners)
        baseline_check = _database_check(baseline_learners)
    _print(options, figures, check, baseline, baseline_check)


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=5000, help="learners who submit over HTTP")
    parser.add_argument("--clients", type=int, default=8, help="concurrent HTTP clients")
    parser.add_argument("--baseline", type=int, default=1000, help="learners who submit through the service")
    parser.add_argument("--double-clicks", type=float, default=0.05, help="share who send the form twice at once")
    parser.add_argument("--database", default="pathways_bench_applications")
    return parser.parse_args()


# Data


def _fresh_database(name: str) -> None:
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _app(url: str):
    return create_app(
        "production",
        SQLALCHEMY_DATABASE_URI=url,
        SECRET_KEY=SECRET_KEY,
        SEARCH_INDEX_DIR=tempfile.mkdtemp(prefix="pathways-bench-index-"),
    )


def _load(app) -> None:
    from flask_migrate import upgrade

    upgrade(directory=str(ROOT / "migrations"))
    seed_demo(DEMO_PASSWORD)


def _add_learners(count: int, rng: random.Random) -> list[BenchLearner]:
    """Learners with accounts and complete applications, each with 3-5 courses chosen but not yet sent."""
    year = db.session.scalar(select(EntryYear).where(EntryYear.year == 2027))
    courses = db.session.scalars(
        select(Course.id).where(
            Course.entry_year_id == year.id, Course.status == PUBLISHED, Course.age_group != "14-16"
        )
    ).all()
    password_hash = db.session.scalar(select(User.password_hash).where(User.role == LEARNER).limit(1))
    upns = [with_check_letter(f"9319{number:08d}") for number in range(count)]
    db.session.execute(insert(Learner), [_learner_row(upn, number) for number, upn in enumerate(upns)])
    learner_ids = dict(db.session.execute(select(Learner.upn, Learner.id).where(Learner.upn.in_(upns))).all())
    db.session.execute(
        insert(User), [_user_row(learner_ids[upn], number, password_hash) for number, upn in enumerate(upns)]
    )
    db.session.execute(insert(Application), [_application_row(learner_ids[upn], year.id) for upn in upns])
    applications = db.session.execute(
        select(Application.learner_id, Application.id).where(Application.learner_id.in_(learner_ids.values()))
    ).all()
    users = dict(
        db.session.execute(select(User.learner_id, User.id).where(User.learner_id.in_(learner_ids.values()))).all()
    )
    learners, choice_rows = [], []
    for learner_id, application_id in sorted(applications):
        chosen = rng.sample(courses, rng.randint(3, 5))
        choice_rows += [
            {"application_id": application_id, "course_id": course_id, "rank": rank, "status": states.DRAFT}
            for rank, course_id in enumerate(chosen, start=1)
        ]
        learners.append(BenchLearner(users[learner_id], application_id, len(chosen)))
    db.session.execute(insert(Choice), choice_rows)
    db.session.commit()
    return learners


def _learner_row(upn: str, number: int) -> dict:
    return {
        "upn": upn,
        "given_name": "Bench",
        "family_name": f"Learner {number}",
        "date_of_birth": utcnow().date().replace(year=2010, month=12, day=1),
        "home_postcode": "OX14 1GG",
        "email": f"bench{number}@example.org",
        "activated_at": utcnow(),
    }


def _user_row(learner_id: int, number: int, password_hash: str) -> dict:
    return {
        "email": f"bench{number}@example.org",
        "name": f"Bench Learner {number}",
        "role": LEARNER,
        "learner_id": learner_id,
        "password_hash": password_hash,
        "email_verified_at": utcnow(),
    }


def _application_row(learner_id: int, entry_year_id: int) -> dict:
    return {
        "learner_id": learner_id,
        "entry_year_id": entry_year_id,
        "status": "draft",
        "telephone": "07700 900123",
        "address": "12 Orchard Way, Abingdon",
        "postcode": "OX14 1GG",
        "current_school": "Larkmead School",
        "personal_statement": "I would like to study science and then train as a paramedic.",
        "completed_sections": list(SECTIONS),
    }


def _sign_in(app, learners: list[BenchLearner], double_clicks: float) -> None:
    """A signed-in session cookie and a form token for each learner, as the server would issue them."""
    serializer = app.session_interface.get_signing_serializer(app)
    for index, learner in enumerate(learners):
        with app.test_request_context():
            g.pop("csrf_token", None)  # the app context, and so flask.g, is shared by every learner in this loop
            session["_user_id"] = str(learner.user_id)
            session["_fresh"] = True
            learner.token = generate_csrf()
            learner.cookie = serializer.dumps(dict(session))
        learner.double_click = index % round(1 / double_clicks) == 0 if double_clicks else False


# The rush


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _gunicorn(url: str):
    port = _free_port()
    env = os.environ | {
        "PATHWAYS_ENV": "production",
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET_KEY,
        "SEARCH_INDEX_DIR": tempfile.mkdtemp(prefix="pathways-bench-index-"),
    }
    command = [str(ROOT / ".venv/bin/gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2", "wsgi:app"]
    log = tempfile.NamedTemporaryFile(prefix="pathways-bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, server, Path(log.name))
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)
        print(f"  gunicorn's log: {log.name}")


def _wait_until_up(base_url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {log.read_text()[-2000:]}")
        try:
            requests.get(f"{base_url}/sign-in", timeout=10)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within 60 seconds: {log.read_text()[-2000:]}")


def _deadline_rush(base_url: str, learners: list[BenchLearner], clients: int) -> dict:
    """Every learner POSTs the check-your-answers form; double-clickers send it twice at the same moment."""
    for learner in learners[: clients * 2]:  # warm both workers: not timed, not counted, not sent twice
        requests.get(f"{base_url}/your-application/check", cookies={"session": learner.cookie}, timeout=30)
    requests_to_send = [learner for learner in learners for _ in range(2 if learner.double_click else 1)]
    order = {id(learner): number for number, learner in enumerate(learners)}
    requests_to_send.sort(key=lambda learner: order[id(learner)])
    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda learner: _submit(base_url, learner), requests_to_send))
    elapsed = time.monotonic() - started
    latencies = [milliseconds for milliseconds, _ in results]
    errors = [problem for _, problem in results if problem]
    return {
        "posts": len(results),
        "elapsed": elapsed,
        "throughput": len(learners) / elapsed,
        "p50_ms": statistics.median(latencies),
        "p95_ms": _percentile(latencies, 95),
        "max_ms": max(latencies),
        "errors": errors,
    }


def _submit(base_url: str, learner: BenchLearner) -> tuple[float, str | None]:
    started = time.perf_counter()
    try:
        response = requests.post(
            f"{base_url}/your-application/check",
            data={"csrf_token": learner.token, "declaration": "y"},
            cookies={"session": learner.cookie},
            allow_redirects=False,
            timeout=60,
        )
    except requests.RequestException as error:
        return (time.perf_counter() - started) * 1000, f"{type(error).__name__}: {error}"
    milliseconds = (time.perf_counter() - started) * 1000
    if response.status_code != 302 or not response.headers.get("Location", "").endswith(
        "/your-application/confirmation"
    ):
        return milliseconds, f"HTTP {response.status_code} {response.headers.get('Location', '')}"
    return milliseconds, None


def _percentile(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


# Checks and the baseline


def _database_check(learners: list[BenchLearner]) -> dict:
    """Each application sent exactly once: submitted, every chosen course sent, one 'submit' event per choice."""
    ids = [learner.application_id for learner in learners]
    expected = {learner.application_id: learner.choices for learner in learners}
    db.session.remove()
    sent = dict(
        db.session.execute(
            select(Application.id, Application.status).where(
                Application.id.in_(ids), Application.submitted_at.is_not(None)
            )
        ).all()
    )
    choices = db.session.execute(
        select(Choice.application_id, Choice.status, func.count(ChoiceEvent.id))
        .outerjoin(ChoiceEvent, (ChoiceEvent.choice_id == Choice.id) & (ChoiceEvent.event == states.SUBMIT))
        .where(Choice.application_id.in_(ids))
        .group_by(Choice.id, Choice.application_id, Choice.status)
    ).all()
    by_application: dict[int, list[tuple[str, int]]] = {}
    for application_id, status, submits in choices:
        by_application.setdefault(application_id, []).append((status, submits))
    wrong = [
        application_id
        for application_id, count in expected.items()
        if sent.get(application_id) != "submitted"
        or len(by_application.get(application_id, [])) != count
        or any(status != states.SUBMITTED or submits != 1 for status, submits in by_application[application_id])
    ]
    users = [learner.user_id for learner in learners]
    emails = db.session.scalar(
        select(func.count(QueuedMail.id)).where(
            QueuedMail.recipient.in_(select(User.email).where(User.id.in_(users))),
        )
    )
    return {"applications": len(ids), "wrong": wrong, "learner_mails": emails}


def _baseline(learners: list[BenchLearner]) -> dict:
    """The same submission through the service function, one learner after another, with no HTTP in between."""
    today = rules.uk_today()
    latencies = []
    started = time.monotonic()
    for learner in learners:
        db.session.remove()
        begin = time.perf_counter()
        user = db.session.get(User, learner.user_id)
        application = db.session.get(Application, learner.application_id)
        send_application(user, application, True, today)
        latencies.append((time.perf_counter() - begin) * 1000)
    elapsed = time.monotonic() - started
    return {
        "throughput": len(learners) / elapsed,
        "p50_ms": statistics.median(latencies),
        "p95_ms": _percentile(latencies, 95),
    }


def _print(options, figures: dict, check: dict, baseline: dict, baseline_check: dict) -> None:
    errors = len(figures["errors"])
    print()
    print(f"Deadline day: {options.learners:,} learners, 3-5 choices each, {options.clients} concurrent clients,")
    print(f"gunicorn with 2 workers on PostgreSQL; {figures['posts']:,} POSTs including double clicks")
    print(f"  throughput      {figures['throughput']:7.1f} submissions/s   (goal >= {GOALS['throughput']:.0f})")
    print(f"  submit p50      {figures['p50_ms']:7.1f} ms")
    print(f"  submit p95      {figures['p95_ms']:7.1f} ms              (goal < {GOALS['p95_ms']:.0f})")
    print(f"  submit max      {figures['max_ms']:7.1f} ms")
    print(f"  errors          {errors:7d}                 (goal {GOALS['errors']})")
    for problem in sorted(set(figures["errors"]))[:5]:
        print(f"    {problem}")
    print(
        f"  database check  {check['applications'] - len(check['wrong']):,} of {check['applications']:,} applications "
        f"sent exactly once with all their choices; {check['learner_mails']:,} confirmation emails queued"
    )
    print()
    print(f"Baseline: {options.baseline:,} submissions through send_application in one process, no HTTP")
    print(f"  throughput      {baseline['throughput']:7.1f} submissions/s")
    print(f"  p50             {baseline['p50_ms']:7.1f} ms   p95 {baseline['p95_ms']:.1f} ms")
    print(f"  database check  {baseline_check['applications'] - len(baseline_check['wrong']):,} correct")
    print(
        f"  ratio           HTTP throughput is {figures['throughput'] / baseline['throughput']:.1f}x the baseline; "
        f"HTTP p50 is {figures['p50_ms'] / baseline['p50_ms']:.1f}x the baseline's"
    )
    met = (
        figures["throughput"] >= GOALS["throughput"]
        and figures["p95_ms"] < GOALS["p95_ms"]
        and errors == 0
        and not check["wrong"]
    )
    print()
    print("All goals met." if met else "Goals NOT met.")


if __name__ == "__main__":
    main()
