"""Notifications: what the platform tells a person (an inbox, each message also sent by email from
a background task) and the "my tasks" page, which asks every domain app what waits on the person.

It owns the Notification record and the task registry. It knows no domain app: a domain app calls
``notify`` from its services and names its task provider in ``settings.MOBILIZE_TASK_PROVIDERS``.
"""
