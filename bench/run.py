"""make bench: time and peak memory of generation and of the yearly statistics, with DuckDB as
the reference. Run from the repository root: ``.venv/bin/python bench/run.py``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
MOBILIZE = str(VENV_BIN / "mobilize")
PROFILE = str(ROOT / "profiles" / "unv-2023.yaml")
WORK = ROOT / "var" / "bench"
YEAR = 2023


@dataclass
class Result:
    name: str
    seconds: float
    peak_mb: float
    target: str = ""
    verdict: str = ""
    note: str = ""


def run(cmd: list[str], env: dict[str, str], *, capture: bool = False) -> tuple[float, float, str]:
    """Run ``cmd``; return wall seconds, peak resident memory of the child in MB, and its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE if capture else None, text=True)
    out = proc.stdout.read() if capture and proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed")
    return seconds, usage.ru_maxrss / 1024, out


def environment(*, sqlite: Path | None = None, database_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_VERSION"}}
    env["MOBILIZE_VAR_DIR"] = str(WORK)
    if sqlite is not None:
        env["SQLITE_PATH"] = str(sqlite)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def fresh_database(env: dict[str, str], *, sqlite: Path | None, database_url: str | None) -> None:
    if sqlite is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
    if database_url:
        name = database_url.rsplit("/", 1)[-1]
        admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
        for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
            subprocess.run(["psql", admin_url, "-q", "-c", sql], check=True)
    subprocess.run([MOBILIZE, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [MOBILIZE, "load_reference", "-v", "0"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )


def generate(
    name: str, *, scale: int, pool: int, sqlite: Path | None = None, database_url: str | None = None
) -> Result:
    env = environment(sqlite=sqlite, database_url=database_url)
    fresh_database(env, sqlite=sqlite, database_url=database_url)
    seconds, peak, _ = run(
        [
            MOBILIZE,
            "generate",
            "--profile",
            PROFILE,
            "--scale",
            str(scale),
            "--seed",
            "1",
            "--talent-pool",
            str(pool),
        ],
        env,
        capture=True,
    )
    return Result(name, seconds, peak)


def facts_rebuild(name: str, env: dict[str, str]) -> Result:
    """Time ``mobilize statistics_refresh`` (every fact row recomputed from the assignments): what a
    bulk writer pays once so that the yearly statistics read the narrow fact tables."""
    seconds, peak, _ = run([MOBILIZE, "statistics_refresh", "-v", "0"], env)
    return Result(name, seconds, peak, note="generate rebuilds them too; timed apart here")


def stats_timing(env: dict[str, str], repeat: int) -> tuple[float, float, dict]:
    """Best of ``repeat`` runs of statistics_for_year in one fresh process, and its document."""
    code = (
        "import json, time, django; django.setup()\n"
        "from mobilize.statistics.selectors import statistics_for_year\n"
        f"times = []\nfor _ in range({repeat}):\n"
        "    t = time.perf_counter(); doc = statistics_for_year(year=%d); times.append(time.perf_counter() - t)\n"
        "print(json.dumps({'best': min(times), 'doc': doc}, default=str))\n" % YEAR
    )
    env = dict(env, DJANGO_SETTINGS_MODULE="config.settings")
    _, peak, out = run([sys.executable, "-c", code], env, capture=True)
    data = json.loads(out.strip().splitlines()[-1])
    return data["best"], peak, data["doc"]


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    scales = [int(s) for s in os.environ.get("BENCH_SCALES", "1 10").split()]
    pool10 = int(os.environ.get("BENCH_TALENT_POOL_10", "1000000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    pg_url = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/mobilize_bench")
    results: list[Result] = []

    if 1 in scales:
        r = generate(
            "generate scale 1 (pool 50,000), SQLite", scale=1, pool=50_000, sqlite=WORK / "scale1.sqlite3"
        )
        r.target, r.verdict = (
            "< 120 s, < 1,024 MB",
            "PASS" if r.seconds < 120 and r.peak_mb < 1024 else "MISS",
        )
        results.append(r)
        print(r, flush=True)

    if 10 in scales:
        sqlite10 = WORK / "scale10.sqlite3"
        r = generate(f"generate scale 10 (pool {pool10:,}), SQLite", scale=10, pool=pool10, sqlite=sqlite10)
        r.target, r.verdict = "< 1,024 MB", "PASS" if r.peak_mb < 1024 else "MISS"
        results.append(r)
        print(r, flush=True)

        from duckdb_stats import duckdb_reference

        env = environment(sqlite=sqlite10)
        results.append(facts_rebuild("statistics facts rebuild scale 10, SQLite", env))
        print(results[-1], flush=True)
        ours, peak, doc = stats_timing(env, repeat)
        duck = duckdb_reference(
            sqlite=sqlite10, year=YEAR, expected=doc["onsite"], repeat=repeat, workdir=WORK
        )
        ratio = ours / duck.seconds
        results.append(
            Result(
                "yearly statistics scale 10, DuckDB reference",
                duck.seconds,
                duck.peak_mb,
                note=f"{duck.rows:,} assignment rows; headline figures agree with ours",
            )
        )
        results.append(
            Result(
                "yearly statistics scale 10, SQLite",
                ours,
                peak,
                target="< 5 s and < 3 x DuckDB",
                verdict="PASS" if ours < 5 and ratio < 3 else "MISS",
                note=f"{ratio:.2f} x DuckDB",
            )
        )
        if pg_url:
            r = generate(
                f"generate scale 10 (pool {pool10:,}), PostgreSQL", scale=10, pool=pool10, database_url=pg_url
            )
            r.target, r.verdict = "< 1,024 MB", "PASS" if r.peak_mb < 1024 else "MISS"
            results.append(r)
            results.append(
                facts_rebuild(
                    "statistics facts rebuild scale 10, PostgreSQL", environment(database_url=pg_url)
                )
            )
            pg_seconds, pg_peak, pg_doc = stats_timing(environment(database_url=pg_url), repeat)
            same = pg_doc["onsite"] == doc["onsite"]
            results.append(
                Result(
                    "yearly statistics scale 10, PostgreSQL",
                    pg_seconds,
                    pg_peak,
                    note=f"{pg_seconds / duck.seconds:.2f} x DuckDB; same figures as SQLite: {same}",
                )
            )
        else:
            results.append(
                Result("yearly statistics scale 10, PostgreSQL", 0, 0, note="skipped: BENCH_PG_URL empty")
            )

    if os.environ.get("BENCH_MATCHING", "1") != "0":
        from matching import matching_benchmark

        results.extend(matching_benchmark(pg_url=pg_url, repeat=repeat, work=WORK))

    width = max(len(r.name) for r in results)
    print(f"\n{'measurement':<{width}}  {'seconds':>9}  {'peak MB':>8}  target / verdict / note")
    for r in results:
        print(
            f"{r.name:<{width}}  {r.seconds:>9.2f}  {r.peak_mb:>8.0f}  {' '.join(x for x in (r.target, r.verdict, r.note) if x)}"
        )
    (WORK / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=2))
    if not os.environ.get("BENCH_KEEP"):
        shutil.rmtree(WORK / "static", ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
