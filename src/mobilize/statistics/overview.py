"""What the statistics page shows, prepared from a document: labelled table rows and the geometry of
its charts (server-rendered SVG: every bar's position and size is computed here, the template only
writes the attributes; no script, no style attribute)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from mobilize.geo.models import Region
from mobilize.lifecycle.models import Separation
from mobilize.partners.models import HostEntity
from mobilize.reference.models import Modality
from mobilize.statistics.selectors import SEPARATION_KEYS, FigureLabels

CHART_WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 80
ROW_HEIGHT = 30
BAR_HEIGHT = 20
MARGIN = 10
COLUMN_CHART_HEIGHT = 260
LABEL_CHARS = 28

HEADLINE: list[tuple[str, Any]] = [
    ("volunteers", _("UN Volunteers mobilized")),
    ("assignments", _("Assignments active in the year")),
    ("countries_served", _("Countries served")),
    ("nationalities", _("Nationalities")),
    ("host_entities_served", _("Host entities served")),
    ("national", _("National volunteers")),
    ("international", _("International volunteers")),
    ("global_south.count", _("Volunteers from the Global South")),
    ("global_south.share", _("Share from the Global South")),
    ("global_south.national", _("Global South: national volunteers in their own country")),
    (
        "global_south.international_in_global_south",
        _("Global South: international, in another Global South country"),
    ),
    ("women.count", _("Women")),
    ("women.share", _("Share of women")),
    ("youth", _("Youth volunteers")),
    ("with_disabilities", _("Volunteers with disabilities (disclosed)")),
    ("age.mean", _("Mean age (years)")),
    ("age.min", _("Youngest (years)")),
    ("age.max", _("Oldest (years)")),
    ("age.aged_60_plus", _("Aged 60 or more")),
]


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    x: int
    y: int
    width: int
    height: int
    label_x: int
    label_y: int
    text_x: int
    text_y: int


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    description: str
    width: int
    height: int
    bars: list[Bar]
    vertical: bool


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[str]


def _at(document: dict[str, Any] | None, path: str) -> Any:
    value: Any = document
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _count(value: int | None) -> str:
    return "–" if value is None else number_format(value, force_grouping=True)


def _percent(share: Decimal | None) -> str:
    return "–" if share is None else f"{number_format(share * 100, 1)} %"


def _figure(path: str, value: Any) -> str:
    if path.endswith("share"):
        return _percent(value)
    if isinstance(value, Decimal):
        return number_format(value, 2, force_grouping=True)
    return _count(value)


def _change(path: str, value: Decimal | None) -> str:
    if value is None:
        return ""
    sign = "+" if value > 0 else ""
    if path.endswith("share"):
        return f"{sign}{number_format(value * 100, 1)} " + str(_("points"))
    return f"{sign}{number_format(value * 100, 1)} %"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(
    *,
    slug: str,
    title: str,
    description: str,
    items: list[tuple[str, Decimal | int, str]],
    maximum: Any = None,
) -> Chart:
    """Horizontal bars, one per (label, value, text), scaled to ``maximum`` (else the largest value)."""
    top = max([maximum or 0, *(value for _label, value, _text in items)]) or 1
    area = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (label, value, text) in enumerate(items):
        y = MARGIN + index * ROW_HEIGHT
        width = round(Decimal(value) / Decimal(top) * area)
        width = max(width, 1) if value else 0
        bars.append(
            Bar(
                label=_short(label),
                text=text,
                x=LABEL_WIDTH,
                y=y,
                width=width,
                height=BAR_HEIGHT,
                label_x=LABEL_WIDTH - 8,
                label_y=y + 15,
                text_x=LABEL_WIDTH + width + 6,
                text_y=y + 15,
            )
        )
    height = 2 * MARGIN + len(items) * ROW_HEIGHT
    return Chart(slug, title, description, CHART_WIDTH, height, bars, vertical=False)


def column_chart(*, slug: str, title: str, description: str, items: list[tuple[str, int, str]]) -> Chart:
    """Vertical columns, one per (label, value, text), scaled to the largest value."""
    top = max([value for _label, value, _text in items] or [0]) or 1
    slot = (CHART_WIDTH - 2 * MARGIN) // max(len(items), 1)
    column = slot * 7 // 10
    plot = COLUMN_CHART_HEIGHT - 60
    bars = []
    for index, (label, value, text) in enumerate(items):
        height = round(Decimal(value) / Decimal(top) * plot)
        height = max(height, 1) if value else 0
        x = MARGIN + index * slot + (slot - column) // 2
        y = COLUMN_CHART_HEIGHT - 30 - height
        bars.append(
            Bar(
                label=label,
                text=text,
                x=x,
                y=y,
                width=column,
                height=height,
                label_x=x + column // 2,
                label_y=COLUMN_CHART_HEIGHT - 10,
                text_x=x + column // 2,
                text_y=y - 6,
            )
        )
    return Chart(slug, title, description, CHART_WIDTH, COLUMN_CHART_HEIGHT, bars, vertical=True)


def overview(document: dict[str, Any], labels: FigureLabels) -> dict[str, Any]:
    """The page's tables and charts for a statistics document (rounded, as ``statistics_for_year``)."""
    onsite, previous, change = document["onsite"], document["previous_year"], document["change"]
    year = document["year"]
    region_names = dict(Region.choices)
    host_types = dict(HostEntity.Type.choices)
    headline = [
        Row(
            str(label),
            [
                _figure(path, _at(onsite, path)),
                _figure(path, _at(previous, path)),
                _change(path, _at(change, path)),
            ],
        )
        for path, label in HEADLINE
    ]
    regions = [(str(region_names[code]), count) for code, count in onsite["by_region"].items()]
    women = [
        (str(region_names[code]), values["share"] * 100, _percent(values["share"]))
        for code, values in onsite["women_by_region"].items()
        if values["share"] is not None
    ]
    groups = sorted(onsite["by_host_group"].items(), key=lambda item: (-item[1]["volunteers"], item[0]))
    ages = onsite["age"]["distribution"]
    return {
        "headline": headline,
        "region_chart": bar_chart(
            slug="regions",
            title=str(_("UN Volunteers by region, %(year)s") % {"year": year}),
            description=str(_("Each volunteer counts once in each region where they served.")),
            items=[(name, count, _count(count)) for name, count in regions],
        ),
        "region_rows": [
            Row(
                str(region_names[code]),
                [
                    _count(count),
                    _count(_at(onsite, f"women_by_region.{code}.count")),
                    _percent(_at(onsite, f"women_by_region.{code}.share")),
                ],
            )
            for code, count in onsite["by_region"].items()
        ],
        "women_chart": bar_chart(
            slug="women",
            title=str(_("Share of women by region, %(year)s") % {"year": year}),
            description=str(_("Women among the volunteers who served in each region, in per cent.")),
            items=women,
            maximum=100,
        ),
        "host_group_chart": bar_chart(
            slug="host-groups",
            title=str(_("UN Volunteers by host group, %(year)s") % {"year": year}),
            description=str(_("Each volunteer counts once under each group of host entities they served.")),
            items=[
                (labels.host_groups.get(code, code), v["volunteers"], _count(v["volunteers"]))
                for code, v in groups
            ],
        ),
        "host_group_rows": [
            Row(
                labels.host_groups.get(code, code),
                [
                    _count(v["volunteers"]),
                    _count(v["countries"]),
                    _change("", _at(change, f"by_host_group.{code}.volunteers")),
                ],
            )
            for code, v in groups
        ],
        "age_chart": column_chart(
            slug="ages",
            title=str(_("Age of UN Volunteers, %(year)s") % {"year": year}),
            description=str(_("Volunteers by age band, age on 31 December or on the last day served.")),
            items=[(band, count, _count(count)) for band, count in ages.items()],
        ),
        "age_rows": [Row(band, [_count(count)]) for band, count in ages.items()],
        "host_type_rows": [
            Row(
                str(host_types.get(code, code)),
                [_count(v["volunteers"]), _count(v["national"]), _count(v["international"])],
            )
            for code, v in onsite["by_host_type"].items()
        ],
        "category_rows": [
            Row(labels.categories.get(code, code), [_count(count)])
            for code, count in onsite["by_category"].items()
        ],
        "lead_time_rows": [
            Row(
                str(Modality(code).label),
                [_figure("mean", v["mean"]), _count(v["assignments"]), _count(v["without_approval"])],
            )
            for code, v in onsite["lead_time_days"].items()
        ],
        "country_rows": sorted(
            (
                Row(labels.countries.get(code, code), [code, _count(count)])
                for code, count in onsite["by_country"].items()
            ),
            key=lambda row: row.label,
        ),
        "host_entity_rows": [
            Row(code, [_count(v["volunteers"]), _count(v["countries"])])
            for code, v in onsite["by_host_entity"].items()
        ],
        "separation_rows": [
            Row(str(Separation.Kind(kind).label), [_count(onsite["separations"][key])])
            for kind, key in SEPARATION_KEYS.items()
        ],
        "closure_rows": [
            Row(code, [_count(v["assignments_ended"]), _count(v["redeployed"])])
            for code, v in onsite["mission_closures"].items()
        ],
    }
