"""What the benchmark scripts share: Django start-up and the names of the benchmark personas.

The scripts run against whatever database the environment selects, like ``baraza`` itself:
``DATABASE_URL`` for PostgreSQL, else SQLite in ``$BARAZA_DATA_DIR``.
"""

from __future__ import annotations

import os

# The member the benchmark logs in as: an ordinary member (role "member") of the busiest public
# community and of two others, created by generate.py.
BENCH_MEMBER_EMAIL = "bench-member@example.org"
# Every generated account has this password (hashed once), so you can also log in by hand.
BENCH_PASSWORD = "bench-passphrase-2026"  # noqa: S105 (throwaway benchmark data)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baraza.settings")
    # One JSON log line per request would drown the results.
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def database_label() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version} ({connection.settings_dict['NAME']})"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return f"PostgreSQL {version} (database {connection.settings_dict['NAME']})"
