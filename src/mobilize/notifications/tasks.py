"""Background work: the email that goes with each notification."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from mobilize.notifications.models import Notification


def recipient_language(user: object) -> str:
    """The recipient's preferred language when the site offers it, else the site's."""
    code = getattr(user, "preferred_language", "") or ""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@task()
def notification_email_task(notification_id: int) -> bool:
    """Email notification ``notification_id`` to its recipient, in their language, once: a
    notification already emailed, gone, or whose recipient has no address or is inactive is left
    alone. Returns whether a message was sent."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return False
    recipient = notification.recipient
    if not recipient.is_active or not recipient.email:
        return False
    # Claim the notification first, so that two workers running the same task send one email.
    if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    ):
        return False
    base_url = getattr(settings, "MOBILIZE_BASE_URL", "").rstrip("/")
    context = {
        "notification": notification,
        "recipient": recipient,
        "link": f"{base_url}{notification.url}" if notification.url else "",
    }
    with translation.override(recipient_language(recipient)):
        subject = render_to_string("notifications/email_subject.txt", context).strip().splitlines()[0]
        body = render_to_string("notifications/email_body.txt", context)
    try:
        send_mail(subject, body, None, [recipient.email])
    except Exception:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)  # let a retry send it
        raise
    return True
