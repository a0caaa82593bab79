"""The Celery app. Without CELERY_BROKER_URL, settings make tasks run in-process (eagerly)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cls_portal.settings")

app = Celery("cls_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each installed app's tasks.py, plus the project package's own (it is not an installed app).
app.autodiscover_tasks()
app.autodiscover_tasks(["cls_portal"])
