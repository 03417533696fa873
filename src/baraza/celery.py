"""The Celery application behind ``baraza worker``, configured from the Django settings
(``CELERY_*``, with the broker at ``REDIS_URL``). Tasks are queued through
``baraza.core.tasks.enqueue``, which also knows how to run them without Celery."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baraza.settings")

app = Celery("baraza")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
