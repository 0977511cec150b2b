"""The Celery application (production: ``celery -A config.celery worker``). Used when TASKS_MODE=celery."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("parkguard")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.task(name="parkguard.run", acks_late=True)
def run(path: str, *args):  # type: ignore[no-untyped-def]
    from parkguard.core.tasks import run_task

    run_task(path, *args)
