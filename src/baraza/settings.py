"""Baraza settings: one module, configured from environment variables.

Every variable read here is documented in the README. The embedded default (no variables set)
runs on SQLite in ``./baraza-data``, keeps media on local disk and writes outgoing mail to files,
so that ``baraza demo`` works on a fresh machine. Production sets ``DATABASE_URL``, ``SITE_URL``
(https), ``SECRET_KEY``, ``ALLOWED_HOSTS`` and the email variables.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from baraza.conf import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    env_url,
    persistent_secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("BARAZA_DATA_DIR", "baraza-data")).expanduser().resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or persistent_secret_key(DATA_DIR)

SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000")
SITE_NAME = env_str("SITE_NAME", "Baraza")
_site = urlsplit(SITE_URL)
HTTPS = _site.scheme == "https"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
if _site.hostname and _site.hostname not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(_site.hostname)
CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]

# --- Applications -------------------------------------------------------------------------

INSTALLED_APPS = [
    # Baraza's apps come first so that their templates override allauth's.
    "baraza.core",
    "baraza.taxonomy",
    "baraza.accounts",
    "baraza.communities",
    "baraza.discussions",
    "baraza.library",
    "baraza.events",
    "baraza.reports",
    "baraza.mail",
    "baraza.compendium",
    "baraza.editions",
    "baraza.learning",
    "baraza.search",
    "baraza.oai",
    "baraza.api",
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "corsheaders",
]

MIDDLEWARE = [
    "baraza.core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "baraza.core.middleware.MemberPreferencesMiddleware",
    "baraza.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "baraza.urls"
WSGI_APPLICATION = "baraza.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "baraza.core.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------

_database_url = env_str("DATABASE_URL")
if _database_url:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                _database_url,
                conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
                conn_health_checks=True,
            )
        }
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {exc}") from None
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "baraza.sqlite3",
            # WAL mode and a busy timeout are set on every connection (baraza.core.apps).
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }

# --- Cache (rate limits live here, so it must be shared between gunicorn workers) ---------

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    env_url("REDIS_URL", REDIS_URL, schemes=("redis", "rediss", "unix"))
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": DATA_DIR / "cache",
        }
    }

# --- Passwords and accounts ---------------------------------------------------------------

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "baraza.accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "baraza.accounts.adapter.user_display"
ACCOUNT_SIGNUP_FORM_CLASS = "baraza.accounts.forms.SignupDetailsForm"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = _site.scheme
ACCOUNT_PREVENT_ENUMERATION = True
# Rate limits (allauth, kept in the shared cache): per IP and per submitted address.
ACCOUNT_RATE_LIMITS = {
    "login": env_str("RATE_LIMIT_LOGIN", "30/m/ip"),
    "login_failed": env_str("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,5/5m/key"),
    "signup": env_str("RATE_LIMIT_SIGNUP", "10/m/ip"),
    "reset_password": env_str("RATE_LIMIT_RESET_PASSWORD", "10/m/ip,3/m/key"),
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr")
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS

# --- Static and media files ---------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, precompressed files with far-future cache headers: a returning member on a
    # costly connection downloads the stylesheet once.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
BARAZA_MAX_UPLOAD_MB = env_int("BARAZA_MAX_UPLOAD_MB", 20, minimum=1, maximum=1024)

# --- API and harvesting -------------------------------------------------------------------

# Any site may read the open API from a browser; only reads, never with cookies, and not the
# curators' pages (tokens) or import jobs.
CORS_URLS_REGEX = r"^/api/v1/(?!tokens/|imports/).*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
# How many proxies in front of the site append to X-Forwarded-For: the API's rate limits read
# the client's address from there (0: REMOTE_ADDR, whatever the header says).
NINJA_NUM_PROXIES = env_int(
    "BARAZA_TRUSTED_PROXIES", 1 if env_bool("BEHIND_HTTPS_PROXY", False) else 0, minimum=0
)
# Requests per client address (anonymous) or per token, e.g. "120/m"; 429 beyond.
BARAZA_API_RATE_ANON = env_str("BARAZA_API_RATE_ANON", "120/m")
BARAZA_API_RATE_TOKEN = env_str("BARAZA_API_RATE_TOKEN", "600/m")
# The contact address OAI-PMH's Identify gives harvesters (default: SERVER_EMAIL).
OAI_ADMIN_EMAIL = env_str("OAI_ADMIN_EMAIL", "")

# --- Email --------------------------------------------------------------------------------

EMAIL_HOST = env_str("EMAIL_HOST")
_default_email_backend = "smtp" if EMAIL_HOST else "file"
_email_backend = env_choice(
    "EMAIL_BACKEND", _default_email_backend, ("smtp", "file", "console", "locmem")
)
_email_modules = {"smtp": "smtp", "file": "filebased", "console": "console", "locmem": "locmem"}
EMAIL_BACKEND = f"django.core.mail.backends.{_email_modules[_email_backend]}.EmailBackend"
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@{_site.hostname}>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Taking part by email (baraza.mail). Reply-To addresses and community addresses live on this
# domain; point its MX (or a pipe into `baraza mail-in`) at Baraza.
BARAZA_MAIL_DOMAIN = env_str("BARAZA_MAIL_DOMAIN", _site.hostname or "localhost").lower()
# A reply address stops working this many days after the email that carried it.
BARAZA_REPLY_TOKEN_DAYS = env_int("BARAZA_REPLY_TOKEN_DAYS", 60, minimum=1, maximum=3650)
# Posts in one topic within this many seconds go out together, in one email per member.
BARAZA_MAIL_GROUP_SECONDS = env_int("BARAZA_MAIL_GROUP_SECONDS", 120, minimum=0, maximum=86_400)
# The largest inbound message accepted, attachments included.
BARAZA_MAIL_MAX_MB = env_int("BARAZA_MAIL_MAX_MB", 30, minimum=1, maximum=1024)
# Daily and weekly digests leave at this hour of each member's own day (weekly ones on Monday).
BARAZA_DIGEST_HOUR = env_int("BARAZA_DIGEST_HOUR", 7, minimum=0, maximum=23)

# --- Background work ----------------------------------------------------------------------
# "celery" sends tasks to the workers of `baraza worker` (the default when REDIS_URL is set);
# "thread" runs them in a background thread of the web process (the embedded default);
# "inline" runs them at once, in the caller (tests).
BARAZA_TASKS = env_choice(
    "BARAZA_TASKS", "celery" if REDIS_URL else "thread", ("celery", "thread", "inline")
)
if BARAZA_TASKS == "celery" and not REDIS_URL:
    raise ImproperlyConfigured("BARAZA_TASKS=celery needs REDIS_URL.")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env_str("BARAZA_TASK_QUEUE", "baraza")
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Every member's digest is due at BARAZA_DIGEST_HOUR in their own time zone, so the beat
    # asks every quarter of an hour; a digest already sent for the period is never sent again.
    "daily-digests": {
        "task": "baraza.mail.tasks.send_due_digests",
        "schedule": 15 * 60,
        "args": ("daily",),
    },
    "weekly-digests": {
        "task": "baraza.mail.tasks.send_due_digests",
        "schedule": 15 * 60,
        "args": ("weekly",),
    },
    # Grouped notifications whose own task was lost (a worker restarted) still go out.
    "pending-notifications": {
        "task": "baraza.mail.tasks.send_all_pending",
        "schedule": 5 * 60,
    },
}

# --- Security -----------------------------------------------------------------------------

SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_FAILURE_VIEW = "baraza.core.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: carries the QR code shown when a member sets up two-factor authentication.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}

# --- Logging: one JSON object per line on stderr ------------------------------------------

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "baraza.core.logging.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "baraza": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        # The request log replaces Django's own access-style messages.
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
    },
}
