"""Payloads and form data shared by the requests tests: a valid DoA for host A in Kenya."""

import datetime as dt

from django.utils import timezone


def soon(days: int = 30) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def doa_payload(world, **overrides):
    """A valid create payload for the API: host A, Kenya, starting in a month, for a year."""
    payload = {
        "title": "Community health officer",
        "host_entity": world.host.pk,
        "country": world.country.pk,
        "category": world.category.pk,
        "start_date": soon(30).isoformat(),
        "end_date": soon(30 + 364).isoformat(),
        "min_experience_months": 24,
    }
    payload.update(overrides)
    return payload


def management(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def doa_form_data(world, *, languages=(), positions=(), **overrides):
    """The create page's POST: the DoA fields, language rows (language, level, need) and position
    rows (duty station, count)."""
    data = {
        "title": "Community health officer",
        "host_entity": str(world.host.pk),
        "country": str(world.country.pk),
        "category": str(world.category.pk),
        "start_date": soon(30).isoformat(),
        "end_date": soon(30 + 364).isoformat(),
        "funding_type": "host",
        "min_experience_months": "24",
        "extension_possible": "on",
    }
    data.update(management("languages", len(languages)))
    for i, (language, level, need) in enumerate(languages):
        data.update(
            {
                f"languages-{i}-language": str(language),
                f"languages-{i}-level": level,
                f"languages-{i}-need": need,
            }
        )
    data.update(management("positions", len(positions)))
    for i, (station, count) in enumerate(positions):
        data.update({f"positions-{i}-duty_station": str(station), f"positions-{i}-count": str(count)})
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def doa_edit_data(doa, *, languages=(), **overrides):
    """The edit page's POST for ``doa`` as it stands, with ``overrides``."""
    data = {
        "version": str(doa.version),
        "title": doa.title,
        "host_entity": str(doa.host_entity_id),
        "country": str(doa.country_id),
        "category": str(doa.category_id),
        "start_date": doa.start_date.isoformat(),
        "end_date": doa.end_date.isoformat(),
        "funding_type": doa.funding_type,
        "min_experience_months": str(doa.min_experience_months),
    }
    data.update(management("languages", len(languages)))
    for i, (language, level, need) in enumerate(languages):
        data.update(
            {
                f"languages-{i}-language": str(language),
                f"languages-{i}-level": level,
                f"languages-{i}-need": need,
            }
        )
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def make_ready(doa, *, status=None, **stamps):
    """``doa`` starting in a month for a year (so it may be submitted), optionally put straight into
    ``status`` with the given time stamps (test set-up, not the workflow)."""
    doa.start_date = soon(30)
    doa.end_date = soon(30 + 364)
    fields = ["start_date", "end_date"]
    if status is not None:
        doa.status = status
        fields.append("status")
    for name, value in stamps.items():
        setattr(doa, name, value)
        fields.append(name)
    doa.save(update_fields=fields)
    return doa
