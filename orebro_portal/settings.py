"""Settings for the Örebro governance portal.

Everything comes from environment variables with embedded defaults, so that a fresh clone runs with nothing
configured (SQLite file, local-memory cache, eager Celery tasks) and production sets what it needs:

DJANGO_DEBUG, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DJANGO_CSRF_TRUSTED_ORIGINS, DJANGO_SECURE (HTTPS-only
cookies, HSTS, redirect), DATABASE_URL, REDIS_URL, CELERY_BROKER_URL, PORTAL_DATA_DIR, PORTAL_ICAL_DOMAIN,
DEFAULT_FROM_EMAIL, PORTAL_CONTACT_EMAIL, PORTAL_DOCUMENT_MAX_BYTES, PORTAL_BASE_URL, EMAIL_HOST (EMAIL_PORT,
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS), PORTAL_LOGIN_FAILURE_LIMIT, PORTAL_TRUSTED_PROXIES, LOG_LEVEL.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

# Runtime data (SQLite file, uploaded documents, collected static files, the local key file) lives outside the code.
DATA_DIR = Path(os.environ.get("PORTAL_DATA_DIR", BASE_DIR / "var"))

# The secret key comes from the environment (production) or from the key file `make install` writes for developers,
# so that every manage.py command works in a checkout. Without either, only a debugging server may start.
_SECRET_FILE = DATA_DIR / "secret_key"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or (
    _SECRET_FILE.read_text().strip() if _SECRET_FILE.is_file() else ""
)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY måste vara satt när DJANGO_DEBUG är avstängt (make install skapar en lokal nyckelfil)."
        )
    SECRET_KEY = "django-insecure-only-for-local-debugging"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "csp",
    "simple_history",
    "axes",
    "orebro_portal",
    "meetings",
    "budget",
    "goals",
    "reports",
    "search",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, as django-cors-headers asks; it only answers for /api/ (CORS_URLS_REGEX).
    "corsheaders.middleware.CorsMiddleware",
    # These two only add headers, so their place is free: before the refusal below, so that its 400 has them too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A NUL or another control character in the path, a query or a form: 400 before anything reads the values.
    "orebro_portal.middleware.RefuseControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lock-out raised during log-in into its lock-out response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "orebro_portal.urls"
WSGI_APPLICATION = "orebro_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orebro_portal.context_processors.portal",
            ],
            "builtins": ["orebro_portal.templatetags.sv"],
        },
    },
]

# --- Database: DATABASE_URL (PostgreSQL through psycopg 3), else a SQLite file --------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # SQLite creates the file, but not the folder it lives in
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "portal.sqlite3",
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery: REDIS_URL, else local memory and eager tasks --------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not (REDIS_URL or os.environ.get("CELERY_BROKER_URL"))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Stockholm"
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# WeasyPrint's memory grows with each render: recycle a worker process after a while.
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
# socket_connect_timeout: a broker host that drops packets answers "no" in 2 s, as a refused one does at once.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60, "socket_connect_timeout": 2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Language, time ---------------------------------------------------------------------------------------------
LANGUAGE_CODE = "sv"
# Our own catalog comes first: it keeps Django's wording where Django REST framework translates the same message.
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Files ------------------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
# Media is never served by URL: documents go through a view that checks that they are published.
MEDIA_URL = "/media-not-served/"
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_STATIC_MANIFEST")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DOCUMENT_MAX_UPLOAD_BYTES = int(os.environ.get("PORTAL_DOCUMENT_MAX_BYTES", 50 * 1024 * 1024))

# --- Security ---------------------------------------------------------------------------------------------------
SECURE = env_bool("DJANGO_SECURE")
SECURE_SSL_REDIRECT = SECURE
# A load balancer probes /halsa/ over plain HTTP inside the network; a redirect would fail its check.
SECURE_REDIRECT_EXEMPT = [r"^halsa/$"]
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# No inline scripts or styles anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Staff log-in ---------------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out log-in before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff_home"
LOGOUT_REDIRECT_URL = "meetings:home"
SESSION_COOKIE_AGE = 10 * 60 * 60  # a working day; staff log in again the next morning
# Five failed log-ins in a row for one user name from one address lock that pair out for a quarter of an hour;
# locking by user name alone would let anyone lock a secretary out.
AXES_FAILURE_LIMIT = int(os.environ.get("PORTAL_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address behind PORTAL_TRUSTED_PROXIES proxies (orebro_portal/lib/clients.py); the alert form's limits
# read the same.
PORTAL_TRUSTED_PROXIES = int(os.environ.get("PORTAL_TRUSTED_PROXIES", 0))
AXES_CLIENT_IP_CALLABLE = "orebro_portal.lib.clients.client_address"
AXES_RESET_ON_SUCCESS = True
# Attempts while locked out are refused without counting: the lock ends 15 minutes after the failure that set it,
# however often someone tries meanwhile (docs/0010-login-lockout.md).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Portal -----------------------------------------------------------------------------------------------------
# The domain part of iCalendar UIDs: must never change once calendars are subscribed to.
PORTAL_ICAL_DOMAIN = os.environ.get("PORTAL_ICAL_DOMAIN", "politik.orebro.se")
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "kommunstyrelsen@orebro.se")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@orebro.se")
# Without an SMTP host, mails are written to the console (development); production sets EMAIL_HOST.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
# The address used in links in mails (confirm, unsubscribe), since a Celery task has no request to ask.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO; only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Budget imports: files with more rows than this are applied by a Celery task whose progress the page shows.
BUDGET_IMPORT_SYNC_ROWS = int(os.environ.get("PORTAL_BUDGET_IMPORT_SYNC_ROWS", "5000"))
# Largest ledger file a controller may upload (checked before the file is read).
BUDGET_IMPORT_MAX_BYTES = 20 * 1024 * 1024

# Goals: a value within this share of a numeric target counts as "nära" (close), e.g. 0.05 = within 5 %.
GOALS_TARGET_TOLERANCE = float(os.environ.get("PORTAL_GOALS_TARGET_TOLERANCE", "0.05"))

# The open-data API (/api/v1/): read-only, anonymous, paginated; anyone's web page may read it (CORS, GET only).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Örebro kommun – Politik och beslut, öppna data",
    "DESCRIPTION": "Sammanträden, ärenden, protokoll (maskerade), budget, mål och åtaganden som öppna data.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Two models each have a "Kind"/"Status": name the enums so the schema has no clashes.
    "ENUM_NAME_OVERRIDES": {
        "BodyKindEnum": "meetings.models.Body.Kind",
        "DocumentKindEnum": "meetings.models.Document.Kind",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "CommitmentStatusEnum": "goals.models.CommitmentStatus",
        "MembershipRoleEnum": "meetings.models.Membership.Role",
        "AttendanceStatusEnum": "meetings.models.Attendance.Status",
        "StatementKindEnum": "meetings.models.Statement.Kind",
        "BallotChoiceEnum": "meetings.models.Ballot.Choice",
        "ApprovalRoleEnum": "meetings.models.AdjustmentApproval.Role",
    },
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
