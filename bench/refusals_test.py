"""How often ``profile_check`` refuses a feasible profile: ground truths drawn as the property test
draws them (``synthetic/tests/groundtruth.py``), each planned without writing; every such profile has
a fit, so each refusal is a weakness of the generator (docs/synthetic.md, Limits). Not part of the
suite; run it by name, e.g.

    R_SEED=31 R_N=2000 R_MIN=60 R_MAX=70 .venv/bin/pytest -q -s -n 0 -p no:cacheprovider bench/refusals_test.py

Case i of seed s is drawn from ``random.Random(s * 1_000_003 + i)`` (the size, the ground truth's
knobs and the generator's seed). Environment: R_SEED (1), R_N (200), R_MIN and R_MAX (60, 70), R_OUT
(a JSON-lines file of the refused cases with their messages, var/refusals.jsonl), R_DROP (figures
taken out of every profile drawn, comma-separated top-level names such as ``global_south``: the
property test's random parts rarely leave out a whole group of figures, and such profiles are
feasible too).
"""

import json
import os
import random
import time
from collections import Counter

import pytest

from mobilize.reference.services import reference_load
from mobilize.synthetic.generator import ProfileConflictError, profile_check
from mobilize.synthetic.generator.world import world_load
from mobilize.synthetic.profiles import Profile
from mobilize.synthetic.tests.groundtruth import YEAR, _subset, _truth, figures

KNOBS = {
    "gs": [0.6, 0.85, 1.0],
    "national": [0.3, 0.6, 0.8],
    "mission": [0.0, 0.1, 0.25],
    "both": [0.0, 0.02, 0.08],
    "two_regions": [0.0, 0.02, 0.05],
    "women": [0.3, 0.5, 0.7],
    "youth": [0.0, 0.1, 0.3],
}


def draw(world, case_seed, lo, hi):
    meta = random.Random(case_seed)  # noqa: S311  (seeded test data, not security)
    size = meta.randint(lo, hi)
    knobs = {k: meta.choice(v) for k, v in KNOBS.items()}
    seed = meta.randrange(2**32)
    gen_seed = meta.randrange(1001)
    rng = random.Random(seed)  # noqa: S311  (seeded test data, not security)
    people = _truth(world, rng, size, knobs)
    onsite = _subset(figures(world, people, rng), random.Random(seed + 1))  # noqa: S311
    return {"format": "mobilize-statistics/1", "year": YEAR, "onsite": onsite}, gen_seed


@pytest.mark.django_db
def test_count():
    reference_load()
    world = world_load()
    base = int(os.environ.get("R_SEED", "1"))
    count = int(os.environ.get("R_N", "200"))
    lo, hi = int(os.environ.get("R_MIN", "60")), int(os.environ.get("R_MAX", "70"))
    out = os.environ.get("R_OUT", "var/refusals.jsonl")
    drop = [k for k in os.environ.get("R_DROP", "").split(",") if k]
    causes = Counter()
    start = time.monotonic()
    with open(out, "w") as fh:
        for i in range(count):
            case = base * 1_000_003 + i
            data, gen_seed = draw(world, case, lo, hi)
            for key in drop:
                data["onsite"].pop(key, None)
            try:
                profile_check(Profile(data), seed=gen_seed)
            except ProfileConflictError as exc:
                msg = str(exc)
                causes[msg.split(":")[0][:60]] += 1
                fh.write(
                    json.dumps({"case": case, "seed": gen_seed, "msg": msg, "data": data}, default=str) + "\n"
                )
                fh.flush()
    took = time.monotonic() - start
    print(f"\nREFUSED {sum(causes.values())} of {count} ({lo}-{hi}) in {took:.0f}s")
    for c, k in causes.most_common():
        print(f"  {k} {c}")
