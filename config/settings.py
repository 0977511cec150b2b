"""Django settings. Every value that varies comes from ``config.env``."""

from __future__ import annotations

from datetime import timedelta

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = env.BASE_DIR
VAR_DIR = env.VAR_DIR

SECRET_KEY = env.secret_key()
FIELD_ENCRYPTION_KEY = env.field_encryption_key()
DEBUG = env.env_bool("DEBUG", False)
ALLOWED_HOSTS = env.env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "parkguard.core",
    "parkguard.hierarchy",
    "parkguard.accounts",
    "parkguard.people",
    "parkguard.audit",
    "parkguard.enterprises",
    "parkguard.reports",
    "parkguard.notices",
    "parkguard.health",
    "parkguard.passes",
    "parkguard.checkpoints",
    "parkguard.vehicles",
    "parkguard.resumption",
    "parkguard.returns",
    "parkguard.dashboard",
    "parkguard.demo",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "parkguard.audit.middleware.RequestContextMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(env.database_url(), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout so that the in-process worker and the web server share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "hierarchy:scope_tree"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures (django-axes), per user name so an attacker cannot lock a whole NAT.
AXES_FAILURE_LIMIT = env.env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Locking by user name alone is deliberate: a park's officials often share one NAT address, and locking
# the address would lock the whole office out (docs/adr/0004-login-lockout.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at start-up when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, not hashed: pages render before collectstatic has run (tests, first start).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind HTTPS in production (docs/operations.md): redirect, HSTS, proxy header.
SECURE_SSL_REDIRECT = env.env_bool("SECURE_SSL_REDIRECT", False)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env.env_bool("SECURE_HSTS_PRELOAD", False)
if env.env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated machine gets 401 with WWW-Authenticate, not 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "parkguard.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ParkGuard API",
    "DESCRIPTION": "园区防疫通 ParkGuard: grid hierarchy, people (masked), memberships.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "NodeKindEnum": "parkguard.hierarchy.choices.NodeKind",
        "ImportKindEnum": "parkguard.enterprises.choices.ImportKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

PAGE_SIZE = 50

MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
# Uploads are read by the import job, never served: imports hold personal data.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

REDIS_URL = env.env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work: celery (production), thread (make run, in-process) or sync (tests, CLI).
TASKS_MODE = env.env_choice("TASKS_MODE", "celery" if REDIS_URL else "thread", ("celery", "thread", "sync"))
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
# Periodic work, one schedule for Celery beat (production) and the in-process scheduler of `make run`
# (parkguard/notices/scheduler.py, started only with IN_PROCESS_SCHEDULER in the dev server's child).
CELERY_BEAT_SCHEDULE = {
    "reports-remind-due": {
        "task": "parkguard.run",
        "schedule": timedelta(minutes=15),
        "args": ("parkguard.reports.reminders.remind_due",),
    },
}
IN_PROCESS_SCHEDULER = env.env_bool("IN_PROCESS_SCHEDULER", False)
# Set to "true" by Django's autoreloader in the process that serves; its parent only watches files.
RUN_MAIN = env.env_bool("RUN_MAIN", False)

# Notices (issue #4 reminders): where they go besides the app, as dotted paths to backends.
NOTICE_BACKENDS = env.env_list("NOTICE_BACKENDS", ["parkguard.notices.backends.LoggingBackend"])

# Daily bulletin (issue #4, 日通报): every park's and the national one, each day at BULLETIN_AT local
# time (TIME_ZONE); beat reads crontab times in CELERY_TIMEZONE, so both name the same zone.
BULLETIN_AT = env.env_time("BULLETIN_AT", "12:30")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE["reports-daily-bulletin"] = {
    "task": "parkguard.run",
    "schedule": crontab(hour=BULLETIN_AT.hour, minute=BULLETIN_AT.minute),
    "args": ("parkguard.reports.bulletins.generate_daily",),
}

# Excel imports (issue #3): what one upload may hold.
IMPORT_MAX_BYTES = env.env_int("IMPORT_MAX_MB", 25) * 1024 * 1024
IMPORT_MAX_ROWS = env.env_int("IMPORT_MAX_ROWS", 200_000)

# Health declarations and colour rules (issue #5): a reminder to whoever has not declared today, and
# statuses re-evaluated when a day passes (a declaration grows old, a risk area's 14 days end).
HEALTH_REMIND_AT = env.env_time("HEALTH_REMIND_AT", "10:00")
CELERY_BEAT_SCHEDULE["health-remind-declarations"] = {
    "task": "parkguard.run",
    "schedule": crontab(hour=HEALTH_REMIND_AT.hour, minute=HEALTH_REMIND_AT.minute),
    "args": ("parkguard.health.reminders.remind_missing_declarations",),
}
CELERY_BEAT_SCHEDULE["health-refresh-stale"] = {
    "task": "parkguard.run",
    "schedule": timedelta(hours=1),
    "args": ("parkguard.health.tasks.refresh_stale_statuses",),
}

# Central isolation (issue #7): observation slots overdue (morning by 10:00, evening by 20:00) are
# flagged to the site's officer; each slot once.
CELERY_BEAT_SCHEDULE["returns-isolation-overdue"] = {
    "task": "parkguard.run",
    "schedule": timedelta(minutes=30),
    "args": ("parkguard.returns.tasks.flag_overdue_observations",),
}

# Passes, trust lists and revocation (issue #5).
# A pass is valid for PASS_VALIDITY_HOURS (at most 24, the token format's limit); the pass page issues
# a new one when less than PASS_RENEW_MINUTES remain. Signing keys live PASS_KEY_LIFETIME_DAYS unless
# rotated earlier (manage.py pass_rotate_key).
PASS_VALIDITY_HOURS = min(max(env.env_int("PASS_VALIDITY_HOURS", 24), 1), 24)
PASS_RENEW_MINUTES = env.env_int("PASS_RENEW_MINUTES", 120)
PASS_KEY_LIFETIME_DAYS = env.env_int("PASS_KEY_LIFETIME_DAYS", 365)

# Checkpoints and scanning (issue #5).
# A partner's revocation list of a million passes is about 22 MB of JSON; its trust list a few KB.
PARTNER_SYNC_MAX_BYTES = 64 * 1024 * 1024
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "ColourPolicyEnum": "parkguard.checkpoints.choices.ColourPolicy",
        "LaneDirectionEnum": "parkguard.checkpoints.choices.LaneDirection",
        "ScanDirectionEnum": "parkguard.checkpoints.choices.Direction",
    }
)

# Vehicles (issue #5).
# Mainland plates (GA 36), normalised without separator: province, authority letter, then five
# characters (no I or O; a last 挂/学/警/港/澳 allowed), or a new-energy plate of six: D/F + one letter or
# digit + four digits (small, 2016-), or five digits + D/F (large). The letters change over the years:
# keep the pattern here, not in code. Pass numbers are the park's division code and a serial.
VEHICLE_PLATE_PATTERN = env.env_str(
    "VEHICLE_PLATE_PATTERN",
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Z]"
    r"(?:[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳]|[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF])",
)
VEHICLE_PASS_SERIAL_DIGITS = 6

# Id-number checks at a gate (a person without a phone) reveal a colour: a guard may make at most
# ID_CHECK_LIMIT of them in ID_CHECK_WINDOW_MINUTES, so that the check cannot be used to sweep numbers.
ID_CHECK_LIMIT = env.env_int("ID_CHECK_LIMIT", 30)
ID_CHECK_WINDOW_MINUTES = env.env_int("ID_CHECK_WINDOW_MINUTES", 10)

# Work resumption (issue #6): documents of an application and inspection photos.
RESUMPTION_UPLOAD_MAX_BYTES = env.env_int("RESUMPTION_UPLOAD_MAX_MB", 10) * 1024 * 1024
# Images above this many pixels are refused before decoding (decompression bombs).
RESUMPTION_IMAGE_MAX_PIXELS = env.env_int("RESUMPTION_IMAGE_MAX_PIXELS", 40_000_000)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "ResumptionStateEnum": "parkguard.resumption.choices.State",
        "ResumptionActionEnum": "parkguard.resumption.choices.Action",
    }
)
