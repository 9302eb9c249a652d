"""The statistics document as text: JSON, CSV (one row per figure path) and a human-readable table.

JSON keys are sorted alphabetically at every level, shares and other fractions keep the 4 decimal
places and means the 2 that ``statistics_for_year`` rounded them to (``0.5700``, not ``0.57``),
so that the output fed back as a profile asks for that precision.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

PERCENT_KEYS = frozenset({"share"})


def document_json(document: Any, *, indent: int = 2) -> str:
    """``document`` as JSON text: keys sorted, ``Decimal`` written with its places, ``None`` as null."""
    return _json(document, indent, 0) + "\n"


def _json(value: Any, indent: int, level: int) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        pad, inner = " " * indent * level, " " * indent * (level + 1)
        items = [
            f"{inner}{json.dumps(str(key))}: {_json(value[key], indent, level + 1)}" for key in sorted(value)
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_json(item, indent, level + 1) for item in value) + "]"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return json.dumps(value)
    raise TypeError(f"Cannot write {type(value).__name__} in a statistics document.")


def document_leaves(value: Any, prefix: str = "", *, sort: bool = True) -> Iterator[tuple[str, Any]]:
    """Every (dotted path, value) of ``value`` whose value is not a non-empty dict, keys sorted
    (or in document order with ``sort=False``)."""
    if isinstance(value, dict) and value:
        for key in sorted(value) if sort else value:
            yield from document_leaves(value[key], f"{prefix}.{key}" if prefix else str(key), sort=sort)
    else:
        yield prefix, value


def document_csv(document: dict[str, Any]) -> str:
    """One row per figure: ``path,value`` (a null is an empty value; an empty breakdown is ``{}``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["path", "value"])
    for path, value in document_leaves(document):
        writer.writerow([path, _text(value)])
    return out.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return "{}"
    return str(value)


def _human(path: str, value: Any) -> str:
    """A value for reading: thousands separators for counts, shares as percentages."""
    if value is None:
        return "-"
    if isinstance(value, dict):
        return "none"
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if path.rsplit(".", 1)[-1] in PERCENT_KEYS:
        return f"{value * 100:.2f} %"
    return f"{value:,}"


def _change_text(path: str, value: Any) -> str:
    if value is None:
        return "-"
    points = path.rsplit(".", 1)[-1] in PERCENT_KEYS
    return f"{value * 100:+.2f} pt" if points else f"{value * 100:+.2f} %"


def document_table(document: dict[str, Any]) -> str:
    """A plain-text table: one line per onsite figure in the order of the format, with the previous
    year's value and the change on it where there is one."""
    year = document["year"]
    current = dict(document_leaves(document["onsite"], sort=False))
    previous = dict(document_leaves(document["previous_year"] or {}, sort=False))
    change = dict(document_leaves(document["change"] or {}, sort=False))
    paths = list(current) + [path for path in previous if path not in current]
    header = ["figure", str(year)]
    if document["previous_year"] is not None:
        header += [str(year - 1), "change"]
    rows = [header]
    for path in paths:
        row = [path, _human(path, current.get(path))]
        if document["previous_year"] is not None:
            row += [
                _human(path, previous.get(path)),
                _change_text(path, change[path]) if path in change else "",
            ]
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [f"Onsite UN Volunteers, {year} ({document['format']})", ""]
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"
