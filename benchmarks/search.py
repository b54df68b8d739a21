"""Course search figures at county and regional scale, against a plain SQL LIKE baseline.

    .venv/bin/python benchmarks/search.py                 # county (--scale 1) and region (--scale 10)
    .venv/bin/python benchmarks/search.py --scales 1      # county only

For each scale it seeds a fresh SQLite database with `flask seed demo --scale N`, then prints:
index build time; raw engine latency (p50, p95) over a mix of realistic queries; the same mix through SQL LIKE;
end-to-end latency of /courses and /api/v1/courses under 8 concurrent clients with gunicorn and 2 workers, and the
ratio of end-to-end to raw engine time; and the peak memory (VmHWM) of each gunicorn worker.
"""

import argparse
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = ROOT / ".venv" / "bin"
GOALS = {
    1: {"build": 10, "raw_p95": 30, "e2e_p95": 150},
    10: {"build": 90, "raw_p95": 100, "e2e_p95": None},
}
CLIENTS = 8
POSTCODES = ["OX1 1AA", "OX16 9QA", "OX14 1GG", "OX28 4AX", "OX11 7AJ", "RG9 1UH", "OX4 2JY", "OX26 2NR", "OX5", "OX10"]
LEARNER_WORDS = [
    "plumbing", "a level maths", "hairdressing", "mechanic", "childcare", "IT", "apprenticeship", "engineering",
    "electrician", "psychology", "business", "art and design", "sport", "health and social care", "chef", "biology",
    "computing", "construction", "animal care", "music", "english", "law", "travel", "beauty", "early years",
    "supported internship", "t level", "btec", "media", "carpentry",
]  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(milliseconds: list[float]) -> str:
    return f"p50 {percentile(milliseconds, 0.5):7.1f} ms   p95 {percentile(milliseconds, 0.95):7.1f} ms"


def misspell(word: str, rng: random.Random) -> str:
    position = rng.randrange(1, len(word) - 1)
    return word[:position] + word[position + 1 :]


def query_mix(app, count: int, seed: int = 2027) -> list[dict]:
    """Request parameters as learners send them: words, misspellings, filters, postcodes, and mixtures."""
    from sqlalchemy import select

    from core.extensions import db
    from prospectus.models import Area, Course, Provider

    rng = random.Random(seed)
    with app.app_context():
        titles = db.session.scalars(select(Course.title).where(Course.status == "published").limit(3000)).all()
        areas = [str(area_id) for area_id in db.session.scalars(select(Area.id))]
        providers = [str(provider_id) for provider_id in db.session.scalars(select(Provider.id))]
    title_words = sorted({word.lower() for title in titles for word in re.findall(r"[A-Za-z]{5,}", title)})
    kinds = ["words", "words", "title_word", "misspelt", "filters", "distance", "words_filters", "words_distance"]
    mix = []
    for number in range(count):
        kind = kinds[number % len(kinds)]
        params: dict = {}
        if kind in ("words", "words_filters", "words_distance"):
            params["q"] = rng.choice(LEARNER_WORDS)
        elif kind == "title_word":
            params["q"] = rng.choice(title_words)
        elif kind == "misspelt":
            params["q"] = misspell(rng.choice([w for w in LEARNER_WORDS if len(w) > 5 and " " not in w]), rng)
        if kind in ("filters", "words_filters"):
            params.update(
                rng.choice(
                    [
                        {"level": rng.choice(["2", "3"])},
                        {"subject": str(rng.randint(1, 15)), "study_mode": "full-time"},
                        {"qualification": rng.choice(["a-level", "btec", "apprenticeship", "t-level"])},
                        {"area": rng.choice(areas), "age_group": "16-19"},
                        {"provider": rng.choice(providers)},
                    ]
                )
            )
        if kind in ("distance", "words_distance"):
            params.update({"postcode": rng.choice(POSTCODES), "radius": rng.choice(["5", "10", "20"])})
            params["sort"] = "distance"
        if number % 5 == 0:
            params["page"] = "2"
        mix.append(params)
    return mix


def to_search(params: dict):
    from prospectus import course_search

    parsed = course_search.parse(_multidict(params))
    return course_search._to_search(parsed, course_search.effective_sort(parsed))


def _multidict(params: dict):
    from werkzeug.datastructures import MultiDict

    return MultiDict(params)


def raw_latencies(app, mix: list[dict], cold: bool, repeats: int = 2) -> list[float]:
    """Engine time per search; `cold` empties the per-searcher cache of keyword matches before each one."""
    import search_index
    from search_index.query import clear_match_cache

    root = search_index.index_root(app.config)
    with app.test_request_context():
        searches = [to_search(params) for params in mix]
        search_index.search(root, searches[0])  # opens the searcher and reads its facts once, as a worker does
        timings = []
        for _ in range(repeats):
            for wanted in searches:
                if cold:
                    clear_match_cache(root)
                started = time.perf_counter()
                search_index.search(root, wanted)
                timings.append((time.perf_counter() - started) * 1000)
    return timings


def like_latencies(app, mix: list[dict], with_facets: bool) -> list[float]:
    """The baseline: what /courses would cost with SQL LIKE over title, description and provider name."""
    from sqlalchemy import func, or_, select

    from core.extensions import db
    from prospectus.models import PUBLISHED, Course, Provider

    facet_columns = [
        Course.ssa_tier1, Course.level, Course.qualification_type, Course.age_group, Course.study_mode,
        Provider.provider_type, Provider.area_id, Course.provider_id,
    ]  # fmt: skip
    timings = []
    with app.test_request_context():
        searches = [(params, to_search(params)) for params in mix]
        for params, wanted in searches:
            started = time.perf_counter()
            conditions = [Course.status == PUBLISHED]
            for word in re.findall(r"\w+", params.get("q", "")):
                pattern = f"%{word}%"
                conditions.append(
                    or_(Course.title.ilike(pattern), Course.description.ilike(pattern), Provider.name.ilike(pattern))
                )
            for facet_param, column in (("level", Course.level), ("subject", Course.ssa_tier1)):
                if facet_param in params:
                    conditions.append(column == params[facet_param])
            if wanted.origin and wanted.radius_miles:
                degrees = wanted.radius_miles / 69.0
                conditions.append(Provider.latitude.between(wanted.origin[0] - degrees, wanted.origin[0] + degrees))
            base = select(Course.id).join(Provider).where(*conditions)
            db.session.scalar(select(func.count()).select_from(base.subquery()))
            db.session.execute(base.order_by(Course.title).limit(20).offset((wanted.page - 1) * 20)).all()
            if with_facets:
                for column in facet_columns:
                    counts = select(column, func.count()).select_from(Course).join(Provider)
                    db.session.execute(counts.where(*conditions).group_by(column)).all()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
            return server, base
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def end_to_end(base: str, path: str, mix: list[dict]) -> list[float]:
    def fetch(params: dict) -> float:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{base}{path}?{urlencode(params)}", timeout=30) as response:
                response.read()
        except urllib.error.HTTPError as error:  # a page 2 past the last page is a 404, and still an answer
            if error.code != 404:
                raise
        return (time.perf_counter() - started) * 1000

    for params in mix[:20]:  # warm both workers' searchers
        fetch(params)
    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(fetch, mix))


def worker_peaks(server: subprocess.Popen) -> list[int]:
    """VmHWM (peak resident memory) of each gunicorn worker, in MB."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) // 1024)
    return peaks


def flask(env: dict, *args: str) -> str:
    result = subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def goal(value: float, target: float | None) -> str:
    if target is None:
        return ""
    verdict = "met" if value <= target else f"MISSED by {value - target:.1f} ({value / target - 1:.0%})"
    return f"  (goal {target}: {verdict})"


def run_scale(scale: int, queries: int, workdir: Path) -> None:
    database = workdir / f"bench-{scale}.sqlite"
    index_dir = workdir / f"index-{scale}"
    env = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "PATHWAYS_ENV": "development",
        "DATABASE_URL": f"sqlite:///{database}",
        "SEARCH_INDEX_DIR": str(index_dir),
        "DEMO_PASSWORD": os.environ.get("DEMO_PASSWORD", "benchmark-demo-password-2027"),
    }
    print(f"\n=== scale {scale} ===")
    started = time.perf_counter()
    flask(env, "db", "upgrade")
    flask(env, "seed", "demo", "--scale", str(scale))
    print(f"seeded in {time.perf_counter() - started:.0f} s")

    started = time.perf_counter()
    output = flask(env, "search-index", "rebuild")
    build = time.perf_counter() - started
    courses = int(re.search(r"Indexed ([\d,]+) courses", output).group(1).replace(",", ""))
    print(f"index build:  {courses:,} courses in {build:.1f} s (whole command){goal(build, GOALS[scale]['build'])}")
    print(f"check:        {flask(env, 'search-index', 'check').strip()}")

    os.environ.update({key: env[key] for key in ("DATABASE_URL", "SEARCH_INDEX_DIR", "PATHWAYS_ENV")})
    from core import create_app

    app = create_app("development", SQLALCHEMY_DATABASE_URI=env["DATABASE_URL"], SEARCH_INDEX_DIR=str(index_dir))
    mix = query_mix(app, queries)
    cold = raw_latencies(app, mix, cold=True)
    print(f"raw, cold:    {summary(cold)} over {len(cold)} searches, no cached keyword matches")
    raw = raw_latencies(app, mix, cold=False)
    raw_goal = goal(percentile(raw, 0.95), GOALS[scale]["raw_p95"])
    print(f"raw engine:   {summary(raw)} over {len(raw)} searches, as a worker runs{raw_goal}")
    like = like_latencies(app, mix, with_facets=False)
    print(f"SQL LIKE:     {summary(like)} (results and count only)")
    like_facets = like_latencies(app, mix, with_facets=True)
    print(f"SQL LIKE:     {summary(like_facets)} (with the 8 filter counts the page shows)")

    server, base = serve(env)
    try:
        for path in ("/courses", "/api/v1/courses"):
            started = time.perf_counter()
            timings = end_to_end(base, path, mix)
            rate = len(timings) / (time.perf_counter() - started)
            target = GOALS[scale]["e2e_p95"]
            print(
                f"{path:<16}{summary(timings)} with {CLIENTS} clients, {rate:.0f} requests/s; "
                f"end-to-end / raw p50 = {percentile(timings, 0.5) / percentile(raw, 0.5):.0f}x "
                f"({percentile(timings, 0.5) / percentile(cold, 0.5):.0f}x the cold engine)"
                f"{goal(percentile(timings, 0.95), target)}"
            )
        print(f"worker peak memory (VmHWM): {', '.join(f'{mb} MB' for mb in worker_peaks(server))}")
        print(f"load average now: {', '.join(f'{value:.1f}' for value in os.getloadavg())}")
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1,10", help="comma-separated seed scales (default 1,10)")
    parser.add_argument("--queries", type=int, default=240, help="queries in the mix (at least 200)")
    options = parser.parse_args()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load {load}")
    with tempfile.TemporaryDirectory(prefix="pathways-bench-") as workdir:
        for scale in (int(value) for value in options.scales.split(",")):
            run_scale(scale, max(options.queries, 200), Path(workdir))


if __name__ == "__main__":
    main()
