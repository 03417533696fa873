"""The ``baraza`` command and the settings, exercised as an operator would: in subprocesses."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request

from tests.smtp import free_port

PRODUCTION = {
    "SECRET_KEY": "x7Lq2-production-like-secret-key-for-the-deploy-check-0123456789abcdef",
    "SITE_URL": "https://baraza.example.org",
    "ALLOWED_HOSTS": "baraza.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/baraza",
    "EMAIL_HOST": "smtp.example.org",
}


def baraza(*args: str, data_dir, extra_env=None, timeout=120) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "SITE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["BARAZA_DATA_DIR"] = str(data_dir)
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "baraza.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_the_console_script_is_installed():
    assert shutil.which("baraza"), "pip install -e . should install the baraza command"


def test_baraza_passes_django_commands_through_and_adds_its_own(tmp_path):
    result = baraza("help", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    for command in ("demo", "serve", "migrate", "check", "createsuperuser"):
        assert command in result.stdout


def test_deploy_check_is_clean_with_production_variables(tmp_path):
    result = baraza("check", "--deploy", data_dir=tmp_path, extra_env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_deploy_check_warns_about_the_embedded_defaults(tmp_path):
    result = baraza("check", "--deploy", data_dir=tmp_path)
    assert "baraza.W001" in result.stderr  # no https SITE_URL
    assert "baraza.W002" in result.stderr  # mail not sent over SMTP


def test_a_bad_variable_stops_start_up_with_a_clear_message(tmp_path):
    result = baraza("check", data_dir=tmp_path, extra_env={"EMAIL_PORT": "smtp"})
    assert result.returncode == 2
    assert (
        result.stderr.strip() == "baraza: configuration error: EMAIL_PORT='smtp' is not an integer."
    )


def _settings(data_dir, env, *names) -> list[str]:
    code = "from django.conf import settings as s; " + "; ".join(
        f"print(repr({name}))" for name in names
    )
    result = baraza("shell", "-c", code, data_dir=data_dir, extra_env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-len(names) :]


def test_production_uses_postgresql_secure_cookies_and_hsts(tmp_path):
    values = _settings(
        tmp_path,
        PRODUCTION,
        "s.DATABASES['default']['ENGINE']",
        "s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE",
        "s.SECURE_HSTS_SECONDS",
        "s.SECURE_SSL_REDIRECT",
        "s.EMAIL_BACKEND",
    )
    assert values == [
        "'django.db.backends.postgresql'",
        "True",
        "31536000",
        "True",
        "'django.core.mail.backends.smtp.EmailBackend'",
    ]


JOURNAL_MODE = (
    "__import__('django.db').db.connection.cursor().execute('PRAGMA journal_mode').fetchone()[0]"
)


def test_embedded_default_is_sqlite_in_wal_mode_with_file_mail(tmp_path):
    values = _settings(
        tmp_path,
        {},
        "s.DATABASES['default']['NAME']",
        JOURNAL_MODE,
        "s.EMAIL_BACKEND",
        "str(s.MEDIA_ROOT)",
    )
    assert values == [
        repr(tmp_path / "baraza.sqlite3"),
        "'wal'",
        "'django.core.mail.backends.filebased.EmailBackend'",
        repr(str(tmp_path / "media")),
    ]


def test_the_demo_secret_key_is_generated_once_and_stored_in_the_data_folder(tmp_path):
    first = _settings(tmp_path, {}, "s.SECRET_KEY")
    second = _settings(tmp_path, {}, "s.SECRET_KEY")
    assert first == second
    assert (tmp_path / "secret_key").read_text().strip() == first[0].strip("'")


def _count(db_path, table: str) -> int:
    with sqlite3.connect(db_path) as connection:
        return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608


def test_demo_sets_up_bilingual_content_once_and_prints_the_logins(tmp_path):
    first = baraza("demo", "--no-serve", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    for role, email in [
        ("member", "member@example.org"),
        ("facilitator", "facilitator@example.org"),
        ("curator", "curator@example.org"),
        ("staff", "staff@example.org"),
    ]:
        assert any(line.split()[:2] == [role, email] for line in first.stdout.splitlines())
    db = tmp_path / "baraza.sqlite3"
    members = _count(db, "accounts_user")
    countries = _count(db, "taxonomy_country")

    second = baraza("demo", "--no-serve", data_dir=tmp_path)
    assert second.returncode == 0, second.stderr
    assert (_count(db, "accounts_user"), _count(db, "taxonomy_country")) == (members, countries)
    assert countries == 249
    assert (tmp_path / "static" / "staticfiles.json").exists()


def _get(url: str, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310  (loopback only)
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def test_demo_serves_with_gunicorn_and_whitenoise_on_the_requested_port(tmp_path):
    port = free_port()
    env = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env["BARAZA_DATA_DIR"] = str(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "baraza.cli", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, headers, body = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(process.stderr.read().decode()) from None
                time.sleep(0.3)
        assert status == 200
        assert headers["Server"].startswith("gunicorn")

        status, headers, body = _get(f"http://127.0.0.1:{port}/fr/", {"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers["Content-Language"] == "fr"
        html = __import__("gzip").decompress(body).decode()
        stylesheet = html.split('rel="stylesheet" href="')[1].split('"')[0]
        assert stylesheet.startswith("/static/baraza/baraza.") and stylesheet.endswith(".css")

        status, headers, _css = _get(
            f"http://127.0.0.1:{port}{stylesheet}", {"Accept-Encoding": "gzip"}
        )
        assert status == 200
        assert headers["Content-Encoding"] == "gzip"
        assert "immutable" in headers["Cache-Control"]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        process.stdout.close()
        process.stderr.close()
