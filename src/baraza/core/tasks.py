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
