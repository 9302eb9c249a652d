"""The reference for what the hardware allows: the yearly statistics computed by DuckDB over the
same rows, exported from the SQLite database to CSV and loaded into memory.

Only the query time is compared (loading is not), and the headline figures must agree with
Mobilize's before the time is reported. Run as a script it prints JSON (used by run.py in a fresh
process, so its peak memory is its own).
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXPORTS = {
    "assignment": "SELECT id, volunteer_id, category_id, modality, host_entity_id, duty_country_id, nationality_id,"
    " entry_on_duty, planned_end, actual_end, status, position_id FROM assignments_assignment",
    "candidate": "SELECT c.id, c.date_of_birth, c.gender FROM talent_candidate c"
    " WHERE c.id IN (SELECT volunteer_id FROM assignments_assignment)",
    "disclosure": "SELECT candidate_id, has_disability FROM talent_disabilitydisclosure",
    "country": "SELECT id, iso2, region, is_global_south FROM geo_country",
    "entity": "SELECT e.id, e.acronym, e.type, g.code AS host_group FROM partners_hostentity e"
    " JOIN partners_reportinggroup g ON g.id = e.reporting_group_id",
    "category": "SELECT id, code, is_youth FROM reference_volunteercategory",
    "position": "SELECT p.id, substr(d.approved_at, 1, 10) AS approved FROM requests_position p"
    " JOIN requests_doa d ON d.id = p.doa_id",
}

TYPES = {
    "assignment": {"entry_on_duty": "DATE", "planned_end": "DATE", "actual_end": "DATE"},
    "candidate": {"date_of_birth": "DATE"},
    "position": {"approved": "DATE"},
}


def export(sqlite: Path, workdir: Path) -> dict[str, Path]:
    paths = {}
    with sqlite3.connect(sqlite) as db:
        for name, sql in EXPORTS.items():
            cursor = db.execute(sql)
            path = workdir / f"duck_{name}.csv"
            with path.open("w", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow([c[0] for c in cursor.description])
                writer.writerows(cursor)
            paths[name] = path
    return paths


def queries(year: int) -> dict[str, str]:
    first, last = f"DATE '{year}-01-01'", f"DATE '{year}-12-31'"
    active = (
        f"CREATE TEMP TABLE active AS SELECT a.*, c.region, c.is_global_south AS duty_gs, c.iso2,"
        f" e.acronym, e.type AS host_type, e.host_group, k.code AS category, k.is_youth"
        f" FROM assignment a JOIN country c ON c.id = a.duty_country_id JOIN entity e ON e.id = a.host_entity_id"
        f" JOIN category k ON k.id = a.category_id"
        f" WHERE a.entry_on_duty <= {last} AND coalesce(a.actual_end, a.planned_end) >= {first}"
        f" AND a.status <> 'cancelled'"
    )
    people = (
        "CREATE TEMP TABLE people AS SELECT a.volunteer_id, count(*) AS assignments,"
        " max(CASE WHEN modality = 'national' THEN 1 ELSE 0 END) AS national,"
        " max(CASE WHEN modality = 'international' THEN 1 ELSE 0 END) AS international,"
        " max(CASE WHEN is_youth THEN 1 ELSE 0 END) AS youth,"
        " max(CASE WHEN modality = 'international' AND duty_gs THEN 1 ELSE 0 END) AS intl_in_gs,"
        " arg_max(a.nationality_id, a.entry_on_duty) AS nationality,"
        " max(CASE WHEN p.gender = 'female' THEN 1 ELSE 0 END) AS female,"
        " max(CASE WHEN d.has_disability THEN 1 ELSE 0 END) AS disabled,"
        f" date_sub('year', max(p.date_of_birth), least(max(coalesce(a.actual_end, a.planned_end)), {last})) AS age"
        " FROM active a JOIN candidate p ON p.id = a.volunteer_id"
        " LEFT JOIN disclosure d ON d.candidate_id = a.volunteer_id GROUP BY a.volunteer_id"
    )
    return {
        "active": active,
        "people": people,
        "persons": "SELECT count(*) AS volunteers, sum(assignments) AS assignments, count(DISTINCT nationality)"
        " AS nationalities, sum(national) AS national, sum(international) AS international, sum(youth) AS youth,"
        " sum(female) AS women, sum(disabled) AS with_disabilities, min(age) AS age_min, max(age) AS age_max,"
        " avg(age) AS age_mean, count(*) FILTER (WHERE age >= 60) AS aged_60_plus,"
        " count(*) FILTER (WHERE c.is_global_south) AS gs,"
        " count(*) FILTER (WHERE c.is_global_south AND national = 1) AS gs_national,"
        " count(*) FILTER (WHERE c.is_global_south AND intl_in_gs = 1) AS gs_intl_in_gs"
        " FROM people JOIN country c ON c.id = people.nationality",
        "by_region": "SELECT region, count(DISTINCT a.volunteer_id),"
        " count(DISTINCT a.volunteer_id) FILTER (WHERE p.gender = 'female')"
        " FROM active a JOIN candidate p ON p.id = a.volunteer_id GROUP BY region",
        "by_country": "SELECT iso2, count(DISTINCT volunteer_id) FROM active GROUP BY iso2",
        "by_category": "SELECT category, count(DISTINCT volunteer_id) FROM active GROUP BY category",
        "by_host_group": "SELECT host_group, count(DISTINCT volunteer_id), count(DISTINCT iso2) FROM active"
        " GROUP BY host_group",
        "by_host_entity": "SELECT acronym, count(DISTINCT volunteer_id), count(DISTINCT iso2) FROM active"
        " GROUP BY acronym",
        "by_host_type": "SELECT host_type, count(DISTINCT volunteer_id),"
        " count(DISTINCT volunteer_id) FILTER (WHERE modality = 'national'),"
        " count(DISTINCT volunteer_id) FILTER (WHERE modality = 'international') FROM active GROUP BY host_type",
        "lead_time": "SELECT a.modality, avg(a.entry_on_duty - p.approved), count(*) FROM assignment a"
        f" JOIN position p ON p.id = a.position_id WHERE a.entry_on_duty BETWEEN {first} AND {last}"
        " AND a.status <> 'cancelled' AND p.approved IS NOT NULL GROUP BY a.modality",
    }


def compute(paths: dict[str, str], year: int, repeat: int) -> dict[str, Any]:
    import duckdb

    db = duckdb.connect(":memory:")
    for name, path in paths.items():
        types = TYPES.get(name, {})
        db.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{path}', header=true, types={types!r})")
    rows = db.execute("SELECT count(*) FROM assignment").fetchone()[0]
    best = float("inf")
    out: dict[str, Any] = {}
    for _ in range(repeat):
        db.execute("DROP TABLE IF EXISTS active; DROP TABLE IF EXISTS people")
        start = time.perf_counter()
        for name, sql in queries(year).items():
            result = db.execute(sql).fetchall()
            out[name] = result
        best = min(best, time.perf_counter() - start)
    return {"seconds": best, "rows": rows, "results": out}


@dataclass
class DuckResult:
    seconds: float
    peak_mb: float
    rows: int


def duckdb_reference(
    *, sqlite: Path, year: int, expected: dict[str, Any], repeat: int, workdir: Path
) -> DuckResult:
    paths = export(sqlite, workdir)
    args = [
        sys.executable,
        __file__,
        json.dumps({k: str(v) for k, v in paths.items()}),
        str(year),
        str(repeat),
    ]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("bench: the DuckDB reference failed")
    data = json.loads(out)
    persons = data["results"]["persons"][0]
    ours = expected
    checks = {
        "volunteers": (persons[0], ours["volunteers"]),
        "nationalities": (persons[2], ours["nationalities"]),
        "women": (persons[6], ours["women"]["count"]),
        "youth": (persons[5], ours["youth"]),
        "global_south": (persons[12], ours["global_south"]["count"]),
        "aged_60_plus": (persons[11], ours["age"]["aged_60_plus"]),
        "age_max": (persons[9], ours["age"]["max"]),
        "by_region": (
            {r: n for r, n, _ in data["results"]["by_region"]},
            {r: n for r, n in ours["by_region"].items() if n},
        ),
    }
    wrong = {name: pair for name, pair in checks.items() if pair[0] != pair[1]}
    if wrong:
        raise SystemExit(f"bench: DuckDB and Mobilize disagree (duckdb, ours): {wrong}")
    for path in paths.values():
        path.unlink(missing_ok=True)
    return DuckResult(seconds=data["seconds"], peak_mb=usage.ru_maxrss / 1024, rows=data["rows"])


if __name__ == "__main__":
    result = compute(json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
    print(json.dumps(result, default=str))
