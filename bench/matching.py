"""make bench, matching: rank one DoA against a talent pool of 1,000,000 candidates on SQLite and on
PostgreSQL, side by side with the same scoring done by NumPy over the same candidates held in
memory (the reference for what the hardware allows).

Each step runs in a fresh process (``python bench/matching.py populate|rank|numpy``) so that its
time and peak memory are its own:

* ``populate``: bulk-load the candidates (with languages, expertise and a few past assignments;
  COPY on PostgreSQL, executemany on SQLite), then ``candidate_features_rebuild`` and one DoA;
* ``rank``: the best of ``BENCH_REPEAT`` calls of ``candidate_rank(scope="pool", limit=50)``, which
  is the whole read: the DoA's terms, the scored query and the explanations of the 50;
* ``numpy``: the feature table loaded into arrays (not timed), then eligibility, the integer score
  and the top 50 by argpartition (timed, best of ``BENCH_REPEAT``). Its 50 ids, in order, must be
  the database's before any time is reported.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
CANDIDATES = int(os.environ.get("BENCH_MATCHING_CANDIDATES", "1000000"))
SEED = 7
TOP = 50
TARGET_MS = 500
TARGET_RATIO = 5
DOA_REFERENCE = "DOA-BENCH-MATCHING"


# --- populate (runs inside Django) ---------------------------------------------------------------


def _population(n: int, rng: Any, countries: list[int]) -> dict[str, Any]:
    """Column arrays of ``n`` candidates: skewed nationalities, ages 18 to 70, mostly onsite."""
    import numpy as np

    weights = 1 / np.arange(1, len(countries) + 1) ** 0.8
    nationality = rng.choice(np.array(countries), size=n, p=weights / weights.sum())
    moved = rng.random(n) < 0.08
    residence = np.where(moved, rng.choice(np.array(countries), size=n), nationality)
    displacement = rng.choice(np.array(["none", "refugee", "stateless"]), size=n, p=[0.975, 0.02, 0.005])
    displacement = np.where((displacement == "refugee") & (residence == nationality), "none", displacement)
    age_days = (rng.gamma(4.0, 2.6, size=n) + 18).clip(18, 70) * 365.25
    born = (np.datetime64("2025-03-01") - age_days.astype("timedelta64[D]")).astype("datetime64[D]")
    education = rng.choice(
        np.array(["", "secondary", "technical", "bachelor", "master", "doctorate"]),
        size=n,
        p=[0.05, 0.1, 0.15, 0.35, 0.3, 0.05],
    )
    available = np.where(
        rng.random(n) < 0.6,
        np.datetime64("NaT"),
        np.datetime64("2025-01-01") + rng.integers(0, 540, size=n).astype("timedelta64[D]"),
    )
    return {
        "nationality_id": nationality,
        "residence_id": residence,
        "displacement": displacement,
        "date_of_birth": born,
        "gender": rng.choice(np.array(["female", "male", "other"]), size=n, p=[0.5, 0.48, 0.02]),
        "education": education,
        "experience_months": rng.gamma(2.0, 30.0, size=n).astype(int).clip(0, 480),
        "interest": rng.choice(np.array(["onsite", "online", "both"]), size=n, p=[0.5, 0.2, 0.3]),
        "available_from": available,
        "has_driving_licence": rng.random(n) < 0.4,
    }


def _languages(n: int, rng: Any, ids: dict[str, int]) -> Iterator[tuple[int, int, str]]:
    import numpy as np

    common = ["en", "fr", "es", "ar", "ru", "zh", "pt", "sw", "de", "it", "hi", "bn", "ur", "fa", "tr"]
    share = np.array([0.6, 0.25, 0.2, 0.15, 0.08, 0.06, 0.08, 0.05, 0.05, 0.04, 0.04, 0.03, 0.03, 0.02, 0.02])
    levels = np.array(["basic", "intermediate", "fluent", "native"])
    for code, p in zip(common, share, strict=True):
        who = np.flatnonzero(rng.random(n) < p) + 1
        level = rng.choice(levels, size=len(who), p=[0.15, 0.3, 0.4, 0.15])
        yield from zip(who.tolist(), [ids[code]] * len(who), level.tolist(), strict=True)


def _expertise(n: int, rng: Any, areas: list[int]) -> Iterator[tuple[int, int]]:
    import numpy as np

    first = rng.integers(0, len(areas), size=n)
    second = np.flatnonzero(rng.random(n) < 0.6)
    offset = rng.integers(1, len(areas), size=len(second))
    yield from zip(range(1, n + 1), np.array(areas)[first].tolist(), strict=True)
    picked = np.array(areas)[(first[second] + offset) % len(areas)]
    yield from zip((second + 1).tolist(), picked.tolist(), strict=True)


def _assignments(
    columns: dict[str, Any],
    rng: Any,
    stations: dict[int, list[int]],
    hosts: list[int],
    categories: dict[str, int],
) -> list[dict[str, Any]]:
    """About 3% of the pool served before, internationally or at home; some near the 4-year limit."""
    import numpy as np

    n = len(columns["nationality_id"])
    who = np.flatnonzero(rng.random(n) < 0.03)
    abroad = [c for c in stations]
    rows = []
    for index, person in enumerate(who.tolist()):
        nationality = int(columns["nationality_id"][person])
        displaced = columns["displacement"][person] != "none"
        home = int(columns["residence_id"][person]) if displaced else nationality
        national = home in stations and rng.random() < 0.4
        duty = home if national else abroad[int(rng.integers(len(abroad)))]
        if not national and duty in (home, nationality):
            continue
        days = int(rng.choice([180, 365, 730, 1095, 1400]))
        start = dt.date(2012, 1, 1) + dt.timedelta(days=int(rng.integers(0, 3600)))
        end = start + dt.timedelta(days=days - 1)
        rows.append(
            {
                "reference": f"ASG-BENCH-{index:07d}",
                "volunteer_id": person + 1,
                "category_id": categories["national-specialist" if national else "international-specialist"],
                "modality": "national" if national else "international",
                "host_entity_id": hosts[int(rng.integers(len(hosts)))],
                "duty_station_id": stations[duty][0],
                "duty_country_id": duty,
                "nationality_id": nationality,
                "home_country_id": home,
                "displacement": str(columns["displacement"][person]),
                "funding_type": "host",
                "entry_on_duty": start,
                "planned_end": end,
                "actual_end": None,
                "status": "completed" if end < dt.date(2025, 1, 1) else "active",
            }
        )
    return rows


def _write(table: str, columns: list[str], rows: Any) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        batch: list[Any] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 50_000:
                cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", batch)


def populate(n: int) -> dict[str, Any]:
    import numpy as np
    from django.db import connection, transaction

    from mobilize.geo.models import Country, DutyStation
    from mobilize.matching.services import candidate_features_rebuild
    from mobilize.partners.models import HostEntity
    from mobilize.reference.models import ExpertiseArea, Language, VolunteerCategory
    from mobilize.requests.models import Doa, DoaLanguage
    from mobilize.talent.models import Candidate

    rng = np.random.default_rng(SEED)
    countries = list(Country.objects.order_by("pk").values_list("pk", flat=True))
    languages = dict(Language.objects.values_list("code", "pk"))
    areas = list(ExpertiseArea.objects.order_by("pk").values_list("pk", flat=True))
    categories = dict(VolunteerCategory.objects.values_list("code", "pk"))
    stations: dict[int, list[int]] = {}
    for pk, country in DutyStation.objects.order_by("pk").values_list("pk", "country_id"):
        stations.setdefault(country, []).append(pk)
    hosts = list(HostEntity.objects.order_by("pk").values_list("pk", flat=True))
    now = dt.datetime.now(dt.UTC)
    if connection.vendor == "sqlite":
        now = now.replace(tzinfo=None)  # Django keeps UTC without an offset on SQLite
    timings = {}
    started = time.perf_counter()
    with transaction.atomic():
        columns = _population(n, rng, countries)
        names = ["id", "created_at", "updated_at", "version", "given_name", "family_name", "email", *columns]

        def candidates() -> Iterator[tuple[Any, ...]]:
            for first in range(0, n, 100_000):
                chunk = [columns[name][first : first + 100_000].tolist() for name in columns]
                for offset, values in enumerate(zip(*chunk, strict=True)):
                    i = first + offset + 1
                    yield (i, now, now, 1, f"Given{i}", f"Family{i}", "", *values)

        _write("talent_candidate", names, candidates())
        _write(
            "talent_candidatelanguage",
            ["candidate_id", "language_id", "level"],
            _languages(n, rng, languages),
        )
        _write("talent_candidate_expertise", ["candidate_id", "expertisearea_id"], _expertise(n, rng, areas))
        served = _assignments(columns, rng, stations, hosts, categories)
        if served:
            keys = list(served[0])
            rows = ((*[row[k] for k in keys], now, now, 1) for row in served)
            _write("assignments_assignment", [*keys, "created_at", "updated_at", "version"], rows)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in ("talent_candidate", "talent_candidatelanguage", "assignments_assignment"):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )
    timings["load"] = time.perf_counter() - started
    started = time.perf_counter()
    candidate_features_rebuild()
    timings["features"] = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    kenya = Country.objects.get(iso2="KE")
    doa = Doa.objects.create(
        reference=DOA_REFERENCE,
        title="Programme specialist, health and gender",
        host_entity_id=hosts[0],
        country=kenya,
        category_id=categories["international-specialist"],
        status=Doa.Status.SOURCING,
        start_date=dt.date(2025, 3, 1),
        end_date=dt.date(2026, 2, 28),
        education="master",
        min_experience_months=60,
        driving_licence_required=True,
    )
    doa.expertise.set(areas[3:6])
    for code, level, required in (
        ("en", "fluent", True),
        ("fr", "intermediate", False),
        ("sw", "basic", False),
    ):
        DoaLanguage.objects.create(doa=doa, language_id=languages[code], level=level, required=required)
    return {"candidates": Candidate.objects.count(), "assignments": len(served), **timings}


# --- rank (runs inside Django) --------------------------------------------------------------------


def rank(repeat: int) -> dict[str, Any]:
    from mobilize.matching.selectors import candidate_rank
    from mobilize.matching.sql import eligible_features
    from mobilize.matching.terms import doa_terms
    from mobilize.requests.models import Doa

    doa = Doa.objects.get(reference=DOA_REFERENCE)
    times, ranked = [], []
    for _ in range(repeat):
        fresh = Doa.objects.get(pk=doa.pk)
        started = time.perf_counter()
        ranked = candidate_rank(doa=fresh, scope="pool", limit=TOP)
        times.append(time.perf_counter() - started)
    explained = all(round(sum(c.points for c in r.components), 2) == r.points for r in ranked)
    return {
        "best": min(times),
        "times": times,
        "ids": [r.candidate.pk for r in ranked],
        "scores": [r.score.units for r in ranked if r.score],
        "explained": explained,
        "eligible": eligible_features(doa_terms(doa)).count(),
    }


# --- the NumPy reference (runs inside Django to read the rows and the DoA's terms) --------------


def _load_arrays() -> dict[str, Any]:
    """The feature table as one NumPy array per column (dates as day numbers), read column by column
    to keep memory low."""
    import numpy as np
    from django.db import connection

    from mobilize.matching.models import CandidateFeatures

    arrays = {}
    with connection.cursor() as cursor:
        for field in CandidateFeatures._meta.concrete_fields:
            cursor.execute(f"SELECT {field.column} FROM matching_candidatefeatures ORDER BY candidate_id")
            values = [row[0] for row in cursor.fetchall()]
            if field.get_internal_type() == "DateField":
                arrays[field.column] = np.array(values, dtype="datetime64[D]").astype(np.int64)
            else:
                arrays[field.column] = np.array(values, dtype=np.int64)
    return arrays


def numpy_top(a: dict[str, Any], terms: Any) -> Any:
    """Eligibility, the score in units and the top 50 (score descending, id ascending), by NumPy."""
    import numpy as np

    from mobilize.matching.models import expertise_slot, language_slot
    from mobilize.matching.terms import DEGREE_NUMBER, EDUCATION_CREDIT, LANGUAGE_CREDIT, PERFORMANCE_CAP
    from mobilize.talent.models import years_before

    def day(d: dt.date) -> int:
        return int(np.datetime64(d, "D").astype(np.int64))

    def level(language_id: int) -> Any:
        slot = language_slot(language_id)
        if slot is None:
            raise SystemExit("bench: a DoA language is not in the packed words")
        return (a[f"language_{slot[0]}"] >> slot[1]) & 7

    def has_area(area_id: int) -> Any:
        slot = expertise_slot(area_id)
        if slot is None:
            raise SystemExit("bench: a DoA expertise area is not in the packed words")
        return (a[f"expertise_{slot[0]}"] >> slot[1]) & 1

    rule, born = terms.rule, a["date_of_birth"]
    ok = born <= day(years_before(terms.start, rule.min_age))
    if rule.max_age is not None:
        ok &= born > day(
            years_before(terms.end if rule.age_applies_through_end else terms.start, rule.max_age + 1)
        )
    if terms.national:
        ok &= a["home_country"] == terms.country_id
    else:
        ok &= (a["nationality"] != terms.country_id) & (a["home_country"] != terms.country_id)
    if terms.refugee_category:
        ok &= a["displaced"] == 1
    ok &= a["experience_months"] >= rule.min_experience_months
    if rule.requires_degree:
        ok &= a["education_level"] >= DEGREE_NUMBER
    for term in terms.required_languages:
        ok &= level(term.language_id) >= term.number
    if rule.service_limit_days is not None:
        served = a["served_national_days" if terms.national else "served_international_days"]
        within = served <= rule.service_limit_days - terms.duration_days
        if rule.service_limit_exempt_age is not None:
            within |= born <= day(years_before(terms.start, rule.service_limit_exempt_age))
        ok &= within
    u = terms.units
    score = np.zeros(len(born), dtype=np.int64)
    if terms.expertise:
        met = sum(has_area(area_id) for area_id, _name in terms.expertise)
        score += u["expertise"] * met // len(terms.expertise)
    else:
        score += u["expertise"]
    if terms.languages:
        earned = sum(
            np.minimum(level(t.language_id), t.number) * (t.weight * (LANGUAGE_CREDIT // t.number))
            for t in terms.languages
        )
        score += u["languages"] * earned // (LANGUAGE_CREDIT * sum(t.weight for t in terms.languages))
    else:
        score += u["languages"]
    target = terms.experience_target
    score += u["experience"] * np.minimum(a["experience_months"], target) // target
    if terms.education:
        asked = terms.education_number
        score += (
            u["education"]
            * (np.minimum(a["education_level"], asked) * (EDUCATION_CREDIT // asked))
            // EDUCATION_CREDIT
        )
    else:
        score += u["education"]
    score += u["availability"] * (a["available_from"] <= day(terms.start))
    station = [a["onsite"]]
    if terms.national:
        station.append(a["residence"] == terms.country_id)
    if terms.driving_licence_required:
        station.append(a["has_driving_licence"])
    score += u["duty_station"] * sum(s.astype(np.int64) for s in station) // len(station)
    score += u["performance"] * np.minimum(a["completed_assignments"], PERFORMANCE_CAP) // PERFORMANCE_CAP
    eligible = np.flatnonzero(ok)
    scores = score[eligible]
    k = min(TOP, len(eligible))
    if k == 0:
        return eligible[:0], scores[:0]
    part = np.argpartition(-scores, k - 1)[:k]
    threshold = scores[part].min()
    near = eligible[scores >= threshold]
    order = np.lexsort((a["candidate_id"][near], -score[near]))[:k]
    return a["candidate_id"][near][order], score[near][order]


def numpy_reference(repeat: int) -> dict[str, Any]:
    from mobilize.matching.terms import doa_terms
    from mobilize.requests.models import Doa

    terms = doa_terms(Doa.objects.get(reference=DOA_REFERENCE))
    started = time.perf_counter()
    arrays = _load_arrays()
    loaded = time.perf_counter() - started
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        ids, scores = numpy_top(arrays, terms)
        times.append(time.perf_counter() - started)
    return {
        "best": min(times),
        "times": times,
        "load": loaded,
        "ids": ids.tolist(),
        "scores": scores.tolist(),
    }


# --- the driver, called from run.py ---------------------------------------------------------------


def matching_benchmark(*, pg_url: str, repeat: int, work: Path) -> list[Any]:
    """Populate, rank and compare on SQLite, then on PostgreSQL (unless ``pg_url`` is empty)."""
    from run import Result, environment, fresh_database, run

    backends: list[tuple[str, dict[str, Any]]] = [("SQLite", {"sqlite": work / "matching.sqlite3"})]
    if pg_url:
        backends.append(
            ("PostgreSQL", {"database_url": pg_url.rsplit("/", 1)[0] + "/mobilize_bench_matching"})
        )
    results = []
    for label, where in backends:
        env = dict(environment(**where), DJANGO_SETTINGS_MODULE="config.settings")
        fresh_database(env, sqlite=where.get("sqlite"), database_url=where.get("database_url"))
        seconds, peak, out = run([sys.executable, str(HERE), "populate", str(CANDIDATES)], env, capture=True)
        made = json.loads(out.strip().splitlines()[-1])
        results.append(
            Result(
                f"matching: load {CANDIDATES:,} candidates and their features, {label}",
                seconds,
                peak,
                note=f"bulk load {made['load']:.1f} s, features {made['features']:.1f} s, "
                f"{made['assignments']:,} past assignments",
            )
        )
        print(results[-1], flush=True)
        _, peak, out = run([sys.executable, str(HERE), "rank", str(repeat)], env, capture=True)
        ours = json.loads(out.strip().splitlines()[-1])
        _, numpy_peak, out = run([sys.executable, str(HERE), "numpy", str(repeat)], env, capture=True)
        reference = json.loads(out.strip().splitlines()[-1])
        if reference["ids"] != ours["ids"] or reference["scores"] != ours["scores"]:
            raise SystemExit(
                f"bench: NumPy and {label} rank differently: {reference['ids'][:5]} vs {ours['ids'][:5]}"
            )
        if not ours["explained"]:
            raise SystemExit(f"bench: on {label} a score is not the sum of its components")
        ratio = ours["best"] / reference["best"]
        results.append(
            Result(
                f"matching: NumPy reference, same {CANDIDATES:,} candidates in memory ({label} rows)",
                reference["best"],
                numpy_peak,
                note=f"same {TOP} ids in the same order; loading the arrays took {reference['load']:.1f} s",
            )
        )
        top = Result(
            f"matching: top {TOP} with explanations of {CANDIDATES:,}, {label}",
            ours["best"],
            peak,
            note=f"{ratio:.2f} x NumPy; {ours['eligible']:,} eligible",
        )
        if label == "PostgreSQL":
            top.target = f"< {TARGET_MS} ms and < {TARGET_RATIO} x NumPy"
            top.verdict = "PASS" if ours["best"] * 1000 < TARGET_MS and ratio < TARGET_RATIO else "MISS"
        results.append(top)
        print(top, flush=True)
    if not pg_url:
        results.append(Result("matching: PostgreSQL", 0, 0, note="skipped: BENCH_PG_URL empty"))
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    command, argument = sys.argv[1], int(sys.argv[2])
    steps = {"populate": populate, "rank": rank, "numpy": numpy_reference}
    print(json.dumps(steps[command](argument), default=str))
