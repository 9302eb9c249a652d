"""Profiles: files of published aggregates in the structure of the statistics document.

A profile is the document ``mobilize stats`` prints (format "mobilize-statistics/1") with any
subset of its figures filled in. It is read with a YAML loader that keeps every number written
with a decimal point as a ``Decimal`` of its literal text, so ``0.570`` keeps its three places: a
share or a mean is reproduced to the number of places written, a count exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

FORMAT = "mobilize-statistics/1"
REGIONS = ("africa", "arab_states", "asia_pacific", "europe_cis", "latin_america", "global")
AGE_BANDS = ("18-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60+")
HOST_TYPES = (
    "fund_programme",
    "specialized_agency",
    "related_organization",
    "secretariat",
    "peacekeeping",
    "political_mission",
    "regional_commission",
    "other_un",
    "government",
    "ngo",
    "academic",
)

COUNT, SHARE, MEAN, AGE, YEAR, TEXT, CHANGE = "count", "share", "mean", "age", "year", "text", "change"
PROFILES_DIR = Path(settings.BASE_DIR) / "profiles"
"""Where the repository keeps its profiles (``profiles/unv-2023.yaml``)."""
UNSCALED_KEYS = frozenset({"countries_served", "nationalities", "host_entities_served", "countries"})
"""Counts bounded by the reference data rather than by the size of the programme: ``--scale``
leaves them as they are."""


@dataclass(frozen=True)
class MapOf:
    """A mapping whose keys are values of one kind (regions, host groups, ...), each with ``value``."""

    value: Any
    keys: tuple[str, ...] | None = None
    key_pattern: str | None = None
    key_label: str = "key"


_COUNTRIES_AND_VOLUNTEERS = {"volunteers": COUNT, "countries": COUNT}
ONSITE: dict[str, Any] = {
    "volunteers": COUNT,
    "assignments": COUNT,
    "countries_served": COUNT,
    "nationalities": COUNT,
    "host_entities_served": COUNT,
    "national": COUNT,
    "international": COUNT,
    "global_south": {
        "count": COUNT,
        "share": SHARE,
        "national": COUNT,
        "international_in_global_south": COUNT,
    },
    "women": {"count": COUNT, "share": SHARE},
    "women_by_region": MapOf(
        {"count": COUNT, "volunteers": COUNT, "share": SHARE}, keys=REGIONS, key_label="region"
    ),
    "age": {
        "mean": MEAN,
        "min": AGE,
        "max": AGE,
        "aged_60_plus": COUNT,
        "distribution": MapOf(COUNT, keys=AGE_BANDS, key_label="age band"),
    },
    "youth": COUNT,
    "with_disabilities": COUNT,
    "by_region": MapOf(COUNT, keys=REGIONS, key_label="region"),
    "by_country": MapOf(COUNT, key_pattern=r"^[A-Z]{2}$", key_label="ISO 3166 alpha-2 code"),
    "by_category": MapOf(COUNT, key_pattern=r"^[-a-z0-9_]+$", key_label="category code"),
    "by_host_group": MapOf(_COUNTRIES_AND_VOLUNTEERS, key_pattern=r"^[-a-z0-9_]+$", key_label="group code"),
    "by_host_entity": MapOf(_COUNTRIES_AND_VOLUNTEERS, key_pattern=r"^\S.{0,29}$", key_label="acronym"),
    "by_host_type": MapOf(
        {"volunteers": COUNT, "national": COUNT, "international": COUNT}, keys=HOST_TYPES, key_label="type"
    ),
    "lead_time_days": {
        "national": {"mean": MEAN, "assignments": COUNT, "without_approval": COUNT},
        "international": {"mean": MEAN, "assignments": COUNT, "without_approval": COUNT},
    },
    "mission_closures": MapOf(
        {"assignments_ended": COUNT, "redeployed": COUNT}, key_pattern=r"^\S.{0,29}$", key_label="acronym"
    ),
    "separations": {"resignations": COUNT, "terminations": COUNT},
}
_CHANGE_COUNTS = (
    "volunteers",
    "assignments",
    "countries_served",
    "nationalities",
    "host_entities_served",
    "national",
    "international",
    "youth",
    "with_disabilities",
)
SPEC: dict[str, Any] = {
    "format": TEXT,
    "year": YEAR,
    "onsite": ONSITE,
    # The statistics document also carries the previous year's figures and the change on them; a
    # profile may keep them (so that any document can be fed back) but the generator makes one year.
    "previous_year": ONSITE,
    "change": {
        **dict.fromkeys(_CHANGE_COUNTS, CHANGE),
        "global_south": {"count": CHANGE, "share": CHANGE},
        "women": {"count": CHANGE, "share": CHANGE},
        "by_host_group": MapOf({"volunteers": CHANGE}, key_pattern=r"^[-a-z0-9_]+$", key_label="group code"),
    },
}


class ProfileError(Exception):
    """A profile that cannot be read: each message names the key path at fault."""

    def __init__(self, messages: list[str], *, source: str = "profile") -> None:
        self.messages = messages
        self.source = source
        super().__init__(f"{source}: " + "; ".join(messages))


class _DecimalLoader(yaml.SafeLoader):
    """Safe YAML where a number with a decimal point is a ``Decimal`` of its text and only
    ``true``/``false`` are booleans (``NO`` is Norway, not false)."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not a finite number", node.start_mark
        ) from None
    if not value.is_finite():
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not a finite number", node.start_mark
        )
    return value


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_DecimalLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_DecimalLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def places(value: Decimal | int) -> int:
    """The number of decimal places written: 0.570 -> 3, 35 -> 0."""
    if isinstance(value, int):
        return 0
    exponent = value.as_tuple().exponent
    return max(0, -int(exponent)) if isinstance(exponent, int) else 0


def round_half_up(value: Decimal, digits: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def interval(target: Decimal | int) -> tuple[Decimal, Decimal]:
    """The values that round (half-up) to ``target`` at its precision: [low, high)."""
    half = Decimal(5).scaleb(-places(target) - 1)
    return Decimal(target) - half, Decimal(target) + half


def figure_matches(kind: str, expected: Any, actual: Any) -> bool:
    """Whether a computed figure reproduces a profile figure: a count exactly, a share or a mean
    rounded half-up to the places the profile writes."""
    if actual is None or isinstance(actual, bool):
        return False
    if kind in (SHARE, MEAN):
        return round_half_up(Decimal(actual), places(expected)) == Decimal(expected)
    return int(actual) == int(expected) and Decimal(actual) == int(actual)


@dataclass(frozen=True)
class Figure:
    path: str
    kind: str
    value: Any


class Profile:
    """A validated profile: ``data`` is the document, absent figures simply missing."""

    def __init__(self, data: dict[str, Any], *, source: str = "profile") -> None:
        self.data = data
        self.source = source

    @property
    def year(self) -> int:
        return int(self.data["year"])

    def get(self, path: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in path.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return default
            node = node[part]
        return node

    def figures(self) -> list[Figure]:
        """Every figure of the profile with its dotted path, in document order."""
        return [
            Figure(path, kind, value)
            for path, kind, value in _leaves(ONSITE, self.data.get("onsite"), "onsite")
        ]

    def scaled(self, factor: int) -> Profile:
        """Every count multiplied by ``factor``, except the counts bounded by the reference data
        (countries, nationalities, host entities); shares, means and ages unchanged."""
        if factor == 1:
            return self
        return Profile(_scale(SPEC, self.data, factor, ""), source=f"{self.source} x{factor}")


def _leaves(spec: Any, node: Any, path: str) -> Iterator[tuple[str, str, Any]]:
    if node is None:
        return
    if isinstance(spec, str):
        yield path, spec, node
        return
    value_spec = spec.value if isinstance(spec, MapOf) else None
    for key, child in node.items():
        yield from _leaves(value_spec if value_spec is not None else spec[key], child, f"{path}.{key}")


def _scale(spec: Any, node: Any, factor: int, key: str) -> Any:
    if isinstance(spec, str):
        if spec == COUNT and key not in UNSCALED_KEYS:
            return node * factor
        return node
    value_spec = spec.value if isinstance(spec, MapOf) else None
    return {
        k: _scale(value_spec if value_spec is not None else spec[k], v, factor, k) for k, v in node.items()
    }


def _check_leaf(kind: str, value: Any, path: str, errors: list[str]) -> Any:
    if kind == CHANGE:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            errors.append(f"{path}: must be a number, not {value!r}")
            return None
        return value
    if kind == TEXT:
        if value != FORMAT:
            errors.append(f"{path}: must be {FORMAT!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        errors.append(f"{path}: must be a number, not {value!r}")
        return None
    if kind in (COUNT, YEAR, AGE) and (not isinstance(value, int) and value != value.to_integral_value()):
        errors.append(f"{path}: must be a whole number, not {value}")
        return None
    if kind in (COUNT, YEAR, AGE):
        value = int(value)
    if value < 0:
        errors.append(f"{path}: must not be negative")
    elif kind == SHARE and value > 1:
        errors.append(f"{path}: a share is a fraction between 0 and 1, not {value}")
    elif kind == YEAR and not 1950 <= value <= 2100:
        errors.append(f"{path}: {value} is not a plausible year")
    return value


def _validate(spec: Any, node: Any, path: str, errors: list[str]) -> Any:
    if node is None:
        return None
    if isinstance(spec, str):
        return _check_leaf(spec, node, path, errors)
    if not isinstance(node, Mapping):
        errors.append(f"{path}: must be a mapping, not {node!r}")
        return None
    result: dict[str, Any] = {}
    for raw_key, child in node.items():
        key = str(raw_key)
        child_path = f"{path}.{key}" if path else key
        if isinstance(spec, MapOf):
            if (spec.keys is not None and key not in spec.keys) or (
                spec.key_pattern is not None and not re.match(spec.key_pattern, key)
            ):
                expected = ", ".join(spec.keys) if spec.keys else spec.key_label
                errors.append(f"{child_path}: unknown {spec.key_label} (expected {expected})")
                continue
            value = _validate(spec.value, child, child_path, errors)
        elif key not in spec:
            errors.append(f"{child_path}: unknown key")
            continue
        else:
            value = _validate(spec[key], child, child_path, errors)
        if value is not None and value != {}:
            result[key] = value
    return result


def profile_parse(text: str, *, source: str = "profile") -> Profile:
    """Read and validate a profile; ``ProfileError`` lists every problem, each with its key path.
    A figure written as ``null`` is the same as an absent one."""
    try:
        raw = yaml.load(text, Loader=_DecimalLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        raise ProfileError([f"not valid YAML: {exc}"], source=source) from None
    errors: list[str] = []
    if not isinstance(raw, Mapping):
        raise ProfileError(["the profile must be a mapping of keys to figures"], source=source)
    data = _validate(SPEC, raw, "", errors)
    for required in ("format", "year"):
        if required not in raw:
            errors.append(f"{required}: missing")
    if errors:
        raise ProfileError(errors, source=source)
    return Profile(data, source=source)


def profile_load(path: str | Path) -> Profile:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError([f"cannot read the file: {exc.strerror}"], source=str(path)) from None
    return profile_parse(text, source=str(path))
