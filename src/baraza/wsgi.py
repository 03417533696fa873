import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baraza.settings")

application = get_wsgi_application()

# Without Celery, this process runs the periodic tasks (digests) itself.
from baraza.core import tasks  # noqa: E402

tasks.start_scheduler()
