"""CLS Portal settings.

Everything that differs between a laptop and production is read from the environment via
``cls_portal.env``. With nothing set the portal runs on embedded defaults: a SQLite file and Celery
tasks run in-process. ``DJANGO_ENV=production`` refuses to start on insecure values.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from cls_portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CLS_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_str("DJANGO_ENV", "development").lower()
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

DEV_SECRET_KEY = "django-insecure-cls-portal-development-only-never-use-in-production"  # noqa: S105  # nosec B105
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "" if PRODUCTION else DEV_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

if PRODUCTION:
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "Production needs DJANGO_SECRET_KEY: at least 50 random characters, "
            "not the development key."
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "Production needs DJANGO_ALLOWED_HOSTS: a comma-separated list of host names, not '*'."
        )
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "cls_portal.accounts",
    "cls_portal.audit",
    "cls_portal.backup",
    "hubs",
    "conversations",
    "peer_forum",
    "outcomes",
    "imports",  # bulk imports of a partnership's records (above the apps it writes to)
    "today",  # each role's home page and the daily digest: above every case app
    "demo",  # demo data: sits above every app, and nothing imports it
]

MIDDLEWARE = [
    "cls_portal.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cls_portal.middleware.AbsoluteSessionLimitMiddleware",
    # An htmx request that finds its session ended gets 401, not the sign-in page in the form.
    "cls_portal.middleware.HtmxSignInMiddleware",
    # Who is acting, for audit rows the bulk-path guard writes (cls_portal/audit/context.py).
    "cls_portal.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so it turns a lock-out during authentication into the lock-out page.
    "axes.middleware.AxesMiddleware",
    # The dashboards read a replica when DATABASE_REPLICA_URL names one (cls_portal/replica.py).
    "cls_portal.replica.ReplicaReadsMiddleware",
]

ROOT_URLCONF = "cls_portal.urls"
WSGI_APPLICATION = "cls_portal.wsgi.application"

# Django's form renderer with the common widgets written in Python (cls_portal/form_renderer.py).
FORM_RENDERER = "cls_portal.form_renderer.QuickRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # ``route`` and ``day`` for long tables' rows, in every template.
            "builtins": ["cls_portal.templatetags.rows"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cls_portal.navigation.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL (e.g. postgres://user@host:5432/cls_portal), else a SQLite file.
# A web worker keeps its connection for a minute; the first query of each request checks it is
# still alive (CONN_HEALTH_CHECKS) and connects again if the database ended it (a restart, a
# fail-over), so that request does not fail.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's JIT compiles any query it thinks costly, which for the figures' grouped
        # queries took longer than running them (0.5 s of a 0.9 s query on the large demo data).
        # A random page read costs about what a sequential one does when the data is cached or
        # on SSD (PostgreSQL's default of 4 assumes spinning disks): with the default, the
        # planner hashed every episode of a locality rather than look up a few hundred by key
        # (a forum manager's home page: 33 ms of SQL, 10 ms with this).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            "-c jit=off -c random_page_cost=1.1"
        )
    # Behind PgBouncer in transaction pooling, a connection is shared between transactions:
    # server-side cursors (``.iterator()``) cannot outlive one, so Django must not use them.
    # Locks are transaction-level advisory locks (cls_portal/locks.py), which pooling keeps.
    if env_bool("DATABASE_PGBOUNCER"):
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    # A read replica for the dashboards and report figures (cls_portal/replica.py). Tests treat
    # it as a mirror of the primary.
    DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
    if DATABASE_REPLICA_URL:
        DATABASES["replica"] = dj_database_url.parse(
            DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True
        )
        DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
        DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
        if DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS"):
            DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = True
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "cls_portal.sqlite3",
            "OPTIONS": {"timeout": 20},
            "CONN_HEALTH_CHECKS": True,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATABASE_ROUTERS = ["cls_portal.replica.ReplicaRouter"]
# GET pages that read the replica when there is one: aggregates that may be seconds behind.
REPLICA_READ_URL_NAMES = frozenset({"outcomes:dashboard", "outcomes:figures_csv"})

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Checks the lock-out first, for the sign-in page and the API's token route alike.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, reading the user with their partnership. (Sessions remember the backend
    # that signed them in: ones made under ModelBackend sign in again once.)
    "cls_portal.accounts.backends.StaffBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
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

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# Backups (`manage.py backup` / `restore`, cls_portal/backup/): where they go by default, and
# the folder of the PostgreSQL client tools if pg_dump on the PATH is older than the server.
BACKUP_ROOT = Path(env_str("BACKUP_ROOT", str(VAR_DIR / "backups")))
BACKUP_PG_BIN = env_str("BACKUP_PG_BIN")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Sessions end after 15 idle minutes; the cookie lives no longer than a working day.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 15 * 60)
SESSION_SAVE_EVERY_REQUEST = False  # an active session is saved once a minute (middleware.py)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)

# Login throttling (django-axes): five failed sign-ins lock that username for 15 minutes (by
# default), and lock one browser (its IP address and user agent together) that tries five wrong
# passwords on any usernames. Not the IP address alone: hub staff often share one public address.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "user_agent"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cls_portal.accounts.lockout.locked_out"  # says how long, from the setting
AXES_VERBOSE = False

# Content Security Policy: scripts only from our own files (htmx runs with eval off), no
# plugins, never framed. Inline style attributes stay allowed for charts' SVG.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Caches: CACHE_URL (e.g. redis://127.0.0.1:6379/1) shares them between the web processes;
# without it each process keeps its own, in memory.
CACHE_URL = env_str("CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# The outcomes dashboard keeps a month and place's figures this long, saying when they were
# worked out (outcomes.presentation.dashboard_context); 0 works them out on every view.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 15 * 60 if PRODUCTION else 0)
# Each month's figures for every partnership and locality kept as rollups that stay true
# (outcomes/services/rollups.py), worked out again by beat every minute after any change: the
# dashboard answers from them. Needs beat and a worker, so production only by default.
FIGURE_ROLLUPS = env_bool("FIGURE_ROLLUPS", PRODUCTION)

# Celery: a broker URL means real workers; without one, tasks run in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL) or None
# Report jobs run on their own queue, so a month-end burst of PDFs never delays the interactive
# tasks (imports, e-mails) queued on "celery". `make worker` consumes both; in production run a
# worker per queue (docker-compose.yml).
CELERY_TASK_ROUTES = {
    "outcomes.generate_report": {"queue": "reports"},
    "outcomes.refresh_dashboards": {"queue": "reports"},
    "outcomes.refresh_rollups": {"queue": "reports"},
}
CELERY_BEAT_SCHEDULE: dict = {
    # hubs: sessions left open from earlier days closed nightly
    "hubs-close-stale-sessions": {
        "task": "hubs.close_stale_sessions",
        "schedule": crontab(minute=15, hour=2),
    },
    # hubs: every hub's regular sessions planned for the weeks ahead, nightly (idempotent)
    "hubs-plan-sessions-ahead": {
        "task": "hubs.plan_sessions_ahead",
        "schedule": crontab(minute=20, hour=2),
    },
    # expired sessions deleted nightly (a 15-minute idle limit leaves many behind)
    "clear-expired-sessions": {
        "task": "cls_portal.clear_sessions",
        "schedule": crontab(minute=30, hour=2),
    },
    # outcomes: last month's waiting-list and outcomes reports for every partnership, on the 1st
    "outcomes-monthly-reports": {
        "task": "outcomes.schedule_monthly_reports",
        "schedule": crontab(minute=0, hour=6, day_of_month=1),
    },
    # outcomes: last month's dashboards worked out again (when DASHBOARD_CACHE_SECONDS is set)
    "outcomes-refresh-dashboards": {
        "task": "outcomes.refresh_dashboards",
        "schedule": crontab(minute="*/10"),
    },
    # outcomes: rollups of months whose records changed worked out again (FIGURE_ROLLUPS)
    "outcomes-refresh-rollups": {"task": "outcomes.refresh_rollups", "schedule": 60.0},
    # today: the opt-in daily digest of what is due (counts and links only), each morning
    "today-daily-digests": {
        "task": "today.send_daily_digests",
        "schedule": crontab(minute=0, hour=7),
    },
    # outcomes: reports whose job never reached a worker, or whose worker stopped, sent again
    "outcomes-resend-stalled-reports": {
        "task": "outcomes.resend_stalled_reports",
        "schedule": 60.0,
    },
}
# In-process (no broker) a task behaves as on a worker: a retry runs again at once inside
# ``apply`` and a failure stays in the task's result, so the request that queued it never sees it.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis re-delivers an unacknowledged task only after this many seconds; a report takes well under
# a minute, so five minutes returns a job lost with its worker without duplicating slow ones.
# Workers sweep for such jobs every ``unacked_restore_interval`` seconds; kombu's default throttle
# would scan only every tenth sweep (about 100 s), so the throttle is off to make the timeout true.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 300)
# A task is stopped a minute before Redis would hand it to a second worker. Time limits are applied
# only by the prefork pool (the worker's default; not --pool=solo/threads). That a job never runs
# twice at once does not rest on timing: a report's run holds a lease in the database.
CELERY_TASK_TIME_LIMIT = max(CELERY_VISIBILITY_TIMEOUT - 60, 60)
CELERY_WORKER_POOL = "prefork"
# Reports (outcomes): a run's soft time limit (it then fails and is retried; the hard limit, up to
# 30 s later, ends its process); how long a run's lease lasts unless renewed (renewed every third of
# it while rendering, so a dead worker's report shows as stopped and is restarted within about
# this); and after how long a queued report whose job has not started is sent again by the sweep.
REPORT_TIME_LIMIT = env_int("REPORT_TIME_LIMIT", min(180, CELERY_TASK_TIME_LIMIT - 30))
REPORT_HARD_TIME_LIMIT = REPORT_TIME_LIMIT + min(30, REPORT_TIME_LIMIT)
REPORT_LEASE_SECONDS = env_int("REPORT_LEASE_SECONDS", 60)
REPORT_RESEND_AFTER_SECONDS = env_int("REPORT_RESEND_AFTER_SECONDS", 120)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
    # A broker that is down is reported in seconds, not after the system's connect timeout.
    "socket_connect_timeout": 3,
}
# Sending a job retries briefly, then gives up: the report stays queued and the sweep sends it.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "cls_portal.api.Pagination",
    "EXCEPTION_HANDLER": "cls_portal.api.exception_handler",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "cls_portal.api.JSONParser",  # refuses JSON nested too deeply (400)
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Rate limits (429 beyond them): by address when not signed in, by user when signed in, and
    # a tight one by address on the token route. API_NUM_PROXIES: how many proxies in front of
    # the web server add X-Forwarded-For (0: the address is the connecting one).
    "DEFAULT_THROTTLE_CLASSES": [
        "cls_portal.api.AnonRateThrottle",
        "cls_portal.api.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_RATE_ANON", "60/minute"),
        "user": env_str("API_RATE_USER", "600/minute"),
        "token": env_str("API_RATE_TOKEN", "10/minute"),
    },
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CLS Portal API",
    "DESCRIPTION": "Community-Led Support case management: hubs, conversations, peer forums "
    "and the six CLS outcomes. Every endpoint applies the same role and partnership scope "
    "as the web pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Choice sets whose field names clash across apps get their own names (app, model, field).
    "ENUM_NAME_OVERRIDES": {
        "ConversationKindEnum": "conversations.models.Conversation.Kind",
        "EpisodeCloseReasonEnum": "conversations.models.Episode.CloseReason",
        "OutcomeReviewStatusEnum": "conversations.models.OutcomeReview.Status",
        "ReportKindEnum": "outcomes.models.Report.Kind",
    },
    # Every operation documents its error answers too (400/401/403/404/429).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cls_portal.api_schema.add_error_responses",
    ],
}

# E-mail (invitations and password links): printed to the console unless a mail server is named.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)  # port 465; otherwise STARTTLS
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=not EMAIL_USE_SSL)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CLS Portal <no-reply@localhost>")
# The address links in e-mails start with, e.g. https://cls.example.org (none: the address
# the administrator's browser used). A set-password link works for this many days.
SITE_URL = env_str("SITE_URL", "").rstrip("/")
# Where links made outside a request point (a command, the daily digest) without SITE_URL.
DEFAULT_SITE_URL = "http://127.0.0.1:8000"
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)

# SWEMWBS may only be used under licence: the slugs of the partnerships that hold one
# (comma-separated). Others record ONS4 wellbeing, which is free to use.
SWEMWBS_LICENSED_PARTNERSHIPS = env_list("SWEMWBS_LICENSED_PARTNERSHIPS")

# Records are kept this many years after a person's last episode closes, unless their
# partnership sets its own period; ``purge_expired`` removes what is past it.
RETENTION_YEARS = env_int("RETENTION_YEARS", 8)

# Logs carry ids and actions, never names or notes: personal data stays in the database.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
