"""Background work, the same code in both ways of running Baraza.

Every task is a Celery task, queued with ``enqueue`` once the current transaction commits (a
task never sees data that was rolled back). Where it runs depends on ``BARAZA_TASKS``:

- ``celery``: on the workers of ``baraza worker``, through Redis (production);
- ``thread``: in a small pool of background threads of the web process, so that a request never
  waits for an SMTP server (the embedded default, with nothing else to install);
- ``inline``: at once, in the caller's thread (the tests).
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, connections, transaction

logger = logging.getLogger("baraza.tasks")

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def enqueue(task, *args, countdown: int = 0) -> None:
    """Run ``task(*args)`` in the background after the current transaction commits, no
    sooner than ``countdown`` seconds from now."""
    transaction.on_commit(lambda: _dispatch(task, args, countdown))


def _dispatch(task, args: tuple, countdown: int) -> None:
    mode = settings.BARAZA_TASKS
    if mode == "celery":
        task.apply_async(args=args, countdown=countdown or None)
    elif mode == "inline":
        task.run(*args)
    elif countdown:
        timer = threading.Timer(countdown, _submit, (task, args))
        timer.daemon = True
        timer.start()
    else:
        _submit(task, args)


def _submit(task, args: tuple) -> None:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="baraza-task")
    _pool.submit(_run_in_thread, task, args)


def _run_in_thread(task, args: tuple) -> None:
    close_old_connections()
    try:
        task.run(*args)
    except Exception:
        logger.exception("task failed", extra={"task": task.name})
    finally:
        connections.close_all()


def wait_for_threads() -> None:
    """Let the background threads finish what they have (for ``serve`` shutting down and for
    tests of the thread mode)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True)


# --- Periodic work without Celery ----------------------------------------------------------
# With BARAZA_TASKS=thread there is no Celery beat, so each web process runs the same schedule
# (CELERY_BEAT_SCHEDULE) in a daemon thread. Every periodic task is safe to run in several
# processes at once: digests and notifications claim their rows before sending.

_scheduler_started = False


def _periodic_tasks() -> list[tuple[object, tuple, float]]:
    from baraza.celery import app

    if not app.tasks.get("baraza.mail.tasks.send_all_pending"):
        app.loader.import_default_modules()  # the apps' tasks modules, once
    return [
        (app.tasks[entry["task"]], tuple(entry.get("args", ())), float(entry["schedule"]))
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
    ]


def run_due(last_run: dict, *, now: float) -> list[str]:
    """Run every periodic task whose interval has passed since ``last_run`` (updated in
    place); returns the names of the tasks run."""
    ran = []
    for task, args, interval in _periodic_tasks():
        key = (task.name, args)
        if now - last_run.get(key, float("-inf")) >= interval:
            last_run[key] = now
            try:
                task.run(*args)
            except Exception:
                logger.exception("periodic task failed", extra={"task": task.name})
            ran.append(task.name)
    return ran


def start_scheduler(*, tick: float = 30.0) -> None:
    """Start the schedule thread of this process (once; only in the thread mode)."""
    global _scheduler_started
    if settings.BARAZA_TASKS != "thread" or _scheduler_started:
        return
    _scheduler_started = True

    def loop() -> None:
        last_run: dict = {}
        # The first round waits a little, so that starting the server stays quick.
        time.sleep(tick)
        while True:
            close_old_connections()
            try:
                run_due(last_run, now=time.monotonic())
            except Exception:
                logger.exception("periodic tasks failed")
            finally:
                connections.close_all()
            time.sleep(tick)

    threading.Thread(target=loop, name="baraza-schedule", daemon=True).start()
