import factory

from mobilize.accounts.tests.factories import UserFactory
from mobilize.notifications.models import Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    verb = "doa.submitted"
    target_type = "requests.doa"
    target_id = "1"
    message = factory.Sequence(lambda n: f"Message {n}")
    url = "/requests/1/"
