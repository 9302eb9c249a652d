"""The service certificate, as a PDF (WeasyPrint, template ``lifecycle/certificate.html``).

A read, not a write: whoever serves it has fetched the end of assignment through
``permissions.end_of_assignment_access`` (the volunteer, their host, the field unit, headquarters,
recruiters, auditors) and checked that it is cleared (``certificate_available``).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from mobilize.lifecycle.models import EndOfAssignment
from mobilize.notifications.tasks import recipient_language


def certificate_available(end: EndOfAssignment) -> bool:
    """A certificate exists once the final clearance is granted."""
    return end.status == EndOfAssignment.Status.CLEARED and bool(end.certificate_number)


def certificate_html(*, end: EndOfAssignment) -> str:
    """The certificate as HTML, in the volunteer's language when they have an account."""
    end = EndOfAssignment.objects.select_related(
        "assignment__volunteer__user",
        "assignment__host_entity",
        "assignment__duty_station",
        "assignment__duty_country",
        "assignment__category",
    ).get(pk=end.pk)
    assignment = end.assignment
    user = assignment.volunteer.user
    language = recipient_language(user) if user is not None else translation.get_language()
    with translation.override(language):
        return render_to_string(
            "lifecycle/certificate.html",
            {
                "end": end,
                "assignment": assignment,
                "volunteer": assignment.volunteer,
                "first_day": assignment.entry_on_duty,
                "last_day": assignment.actual_end or end.last_day,
                "LANGUAGE_CODE": language,
            },
        )


def certificate_pdf(*, end: EndOfAssignment) -> bytes:
    """The service certificate of a cleared end of assignment as PDF bytes (starts with ``%PDF``)."""
    from weasyprint import HTML  # imported on use: it loads Pango, which only documents need

    return bytes(HTML(string=certificate_html(end=end)).write_pdf())
