"""The offer letter, as a PDF (WeasyPrint, template ``recruitment/offer_letter.html``).

A read, not a write: whoever serves it has fetched the offer through ``permissions.offer_access``
and checked ``permissions.can_read_offer_letter`` (the candidate, recruiters, headquarters).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from mobilize.notifications.tasks import recipient_language
from mobilize.recruitment.models import Offer


def offer_letter_html(*, offer: Offer) -> str:
    """The letter as HTML, in the candidate's language when they have an account."""
    offer = Offer.objects.select_related(
        "application__candidate__user",
        "application__doa__host_entity",
        "application__doa__country",
        "application__doa__category",
        "position__duty_station",
    ).get(pk=offer.pk)
    application = offer.application
    user = application.candidate.user
    language = recipient_language(user) if user is not None else translation.get_language()
    with translation.override(language):
        return render_to_string(
            "recruitment/offer_letter.html",
            {
                "offer": offer,
                "doa": application.doa,
                "candidate": application.candidate,
                "position": offer.position,
                "today": timezone.localdate(),
                "LANGUAGE_CODE": language,
            },
        )


def offer_letter_pdf(*, offer: Offer) -> bytes:
    """The offer letter of ``offer`` as PDF bytes (starts with ``%PDF``)."""
    from weasyprint import HTML  # imported on use: it loads Pango, which only letters need

    return bytes(HTML(string=offer_letter_html(offer=offer)).write_pdf())
