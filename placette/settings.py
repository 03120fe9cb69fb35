"""Placette settings: one module, everything from environment variables.

Defaults are safe for a laptop (SQLite under var/, DEBUG off unless asked).
With PLACETTE_ENV=production, insecure values are refused at start-up.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PLACETTE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("PLACETTE_ENV", "development") == "production"
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
    SECRET_KEY = "insecure-laptop-only-key-never-use-in-production-0123456789abcdef"  # noqa: S105
# Django's own rule (check security.W009): a short or repetitive key is guessed from one cookie.
if PRODUCTION and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for production: use 50 random characters or more "
        '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
if PRODUCTION and (DEBUG or not ALLOWED_HOSTS):
    raise ImproperlyConfigured("Production needs DJANGO_ALLOWED_HOSTS and DJANGO_DEBUG off.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "placette.core",
    "placette.places",
    "placette.sources",
    "placette.opendata",
    "placette.api",
    "placette.embed",
    "placette.accounts",
    "placette.contributions",
    "placette.events",
    "placette.stories",
    "placette.commons",
    "placette.search",
    "placette.moderation",
    "placette.privacy",
    "placette.site",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # HEAD runs the view as a GET; outermost, so Content-Length is the GET body's.
    "placette.core.middleware.HeadAsGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# --- Public API (placette.api) and open data: CORS, rate limit, its cache ----------------------
# Any site may read /api/ and /donnees/ from the browser: GET only, no cookies sent or set.
INSTALLED_APPS.append("corsheaders")
_CORS = "corsheaders.middleware.CorsMiddleware"  # before any middleware that may answer
MIDDLEWARE.insert(MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware"), _CORS)
CORS_URLS_REGEX = r"^/(api|donnees)/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-modified-since", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
# Requests per client IP (django-ratelimit), counted in a database table that every gunicorn
# worker shares (`migrate` creates it: migration api/0001 runs createcachetable). Behind a
# reverse proxy, name the header with the client address (X-Real-IP, or X-Forwarded-For).
# django_ratelimit is not an installed app: its system check only knows memcached and Redis.
PLACETTE_API_RATE = os.environ.get("PLACETTE_API_RATE", "120/m")
PLACETTE_CLIENT_IP_HEADER = os.environ.get("PLACETTE_CLIENT_IP_HEADER", "")
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_IP_META_KEY = "placette.core.limits.client_ip"
CACHES = {
    # Shared by every gunicorn worker: login throttling and the contribution rate limits count
    # here (the table is created by migration accounts/0001).
    "default": {
        "BACKEND": "placette.core.cache.CounterCache",
        "LOCATION": "placette_cache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
    "ratelimit": {
        "BACKEND": "placette.core.cache.CounterCache",  # DatabaseCache, atomic incr()
        "LOCATION": "placette_ratelimit",
        "OPTIONS": {"MAX_ENTRIES": 10_000},  # live counters: clients of the last minute
    },
}
# ---------------------------------------------------------------------------------------------

ROOT_URLCONF = "placette.urls"
WSGI_APPLICATION = "placette.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "placette" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "placette.core.context_processors.site",
                "placette.places.context_processors.cget",
                "placette.accounts.context_processors.account",
            ],
        },
    },
    {
        # Plain-text e-mail (placette.core.mail): the same templates, without HTML escaping,
        # so "l'atelier" does not arrive as "l&#x27;atelier".
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "placette" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'placette.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers work while the importer writes; IMMEDIATE avoids lock upgrades.
    # Memory-mapped reads (up to 1 GiB of the file) spare a system call per page read:
    # a fifth less time on list pages at 100 000 places (docs/benchmarks.md).
    # A writer waits up to 30 s for the lock (sqlite3's default is 5 s) rather than failing
    # with "database is locked": an import stays one transaction (all or nothing) and may hold it.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": int(os.environ.get("SQLITE_TIMEOUT", "30")),
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=1073741824;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Covering indexes' INCLUDE columns are for PostgreSQL; SQLite's indexes hold the row id anyway.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts (django-allauth): e-mail only, verified; Argon2 first ----------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # reads hashes made before Argon2
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Following the verification link signs the person in. allauth 65 does it only in the browser
# session that signed up (the link alone, opened elsewhere, verifies without signing in).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True  # "recevoir un code par courriel" instead of a password
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_ADAPTER = "placette.accounts.adapter.AccountAdapter"  # e-mail through the task queue
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",  # allauth's default, stated: failed logins are throttled
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "site_web"  # a field people never see; robots fill it

# --- E-mail: console on a laptop (links appear in `make run`'s output), SMTP in production -----
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
# For Django's file backend (the bench's soak case reads the messages written there).
if os.environ.get("DJANGO_EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["DJANGO_EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Placette <placette@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks: a queue in the database (django-tasks), run by `manage.py db_worker` -----
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Contributions --------------------------------------------------------------------------
# Address to coordinates: "ban" asks the Base Adresse Nationale (api-adresse.data.gouv.fr) on the
# server; empty, people place the pin on the map themselves.
PLACETTE_GEOCODER = os.environ.get("PLACETTE_GEOCODER", "")
PLACETTE_BAN_URL = os.environ.get("PLACETTE_BAN_URL", "https://api-adresse.data.gouv.fr/search/")
# Proposals and reports per client IP and per e-mail address (django-ratelimit rates).
PLACETTE_CONTRIBUTION_RATE_IP = os.environ.get("PLACETTE_CONTRIBUTION_RATE_IP", "10/h")
PLACETTE_CONTRIBUTION_RATE_EMAIL = os.environ.get("PLACETTE_CONTRIBUTION_RATE_EMAIL", "5/h")
# Registrations to events per client IP: higher, since a computer room shares one address.
PLACETTE_REGISTRATION_RATE_IP = os.environ.get("PLACETTE_REGISTRATION_RATE_IP", "60/h")
# Per date, public registrations of any kind; and those with a phone number only, which no
# link confirms (per date and per client IP): a script cannot squat the seats.
PLACETTE_REGISTRATION_RATE_DATE = os.environ.get("PLACETTE_REGISTRATION_RATE_DATE", "60/h")
PLACETTE_REGISTRATION_RATE_PHONE_DATE = os.environ.get(
    "PLACETTE_REGISTRATION_RATE_PHONE_DATE", "5/d"
)
PLACETTE_REGISTRATION_RATE_PHONE_IP = os.environ.get("PLACETTE_REGISTRATION_RATE_PHONE_IP", "3/h")
# Minutes a seat is held for an e-mail address until its confirmation link is followed.
PLACETTE_REGISTRATION_HOLD_MINUTES = int(os.environ.get("PLACETTE_REGISTRATION_HOLD_MINUTES", "30"))
# Text messages (core/sms.py): a phone-only registrant gets their short code by SMS where a
# gateway is configured. Backend "http" (the default when PLACETTE_SMS_URL is set), "console"
# (logged) or "none".
PLACETTE_SMS_URL = os.environ.get("PLACETTE_SMS_URL", "")
PLACETTE_SMS_TOKEN = os.environ.get("PLACETTE_SMS_TOKEN", "")
PLACETTE_SMS_SENDER = os.environ.get("PLACETTE_SMS_SENDER", "")
PLACETTE_SMS_BACKEND = os.environ.get(
    "PLACETTE_SMS_BACKEND", "http" if PLACETTE_SMS_URL else "none"
).strip()
# Lookups of a registration by its short code and phone number, per client IP.
PLACETTE_REGISTRATION_CODE_RATE_IP = os.environ.get("PLACETTE_REGISTRATION_CODE_RATE_IP", "10/h")
# Outside calendar feeds must be on public hosts (no fetching of the server's own network);
# tests serve theirs from 127.0.0.1 and turn this on.
PLACETTE_FEEDS_ALLOW_PRIVATE = env_bool("PLACETTE_FEEDS_ALLOW_PRIVATE", False)
# ---------------------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "placette" / "locale"]
FORMAT_MODULE_PATH = ["placette.formats"]  # "26 novembre 2026 à 14:19" (DATETIME_FORMAT)
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 3600
# Uploaded files (event images, story photos). In production the proxy serves /media/ from
# MEDIA_ROOT (docs/deploy.md); elsewhere Django does (placette/urls.py).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("PLACETTE_MEDIA_ROOT", VAR_DIR / "media"))

# Map tiles: the only third-party host a public page may talk to.
MAP_TILE_URL = os.environ.get("PLACETTE_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get("PLACETTE_TILE_ATTRIBUTION", "© contributeurs OpenStreetMap")
_tile_origin = "/".join(MAP_TILE_URL.split("/")[:3]).replace("{s}", "*")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", _tile_origin],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SITE_NAME = os.environ.get("PLACETTE_SITE_NAME", "Placette")
# The public address: every link in e-mail is built on it (placette.core.urls), whatever
# host a request came with, and tasks have no request at all.
PLACETTE_BASE_URL = os.environ.get(
    "PLACETTE_BASE_URL", "" if PRODUCTION else "http://127.0.0.1:8000"
).rstrip("/")
if PRODUCTION and not PLACETTE_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("Production needs PLACETTE_BASE_URL, e.g. https://placette.example.")
# Who answers questions about personal data (the privacy page); DEFAULT_FROM_EMAIL if empty.
PLACETTE_CONTACT_EMAIL = os.environ.get("PLACETTE_CONTACT_EMAIL", "")
# The publisher's SIRET or RNA: the LaMednum export's file name carries it.
PLACETTE_PUBLISHER_ID = os.environ.get("PLACETTE_PUBLISHER_ID", "")
PLACES_PER_PAGE = 20
# Upload limits, in megabytes (the proxy's body limit must allow the largest: docs/deploy.md).
PLACETTE_PHOTO_MAX_MB = int(os.environ.get("PLACETTE_PHOTO_MAX_MB", "15"))
PLACETTE_VIDEO_MAX_MB = int(os.environ.get("PLACETTE_VIDEO_MAX_MB", "200"))
PLACETTE_ATTACHMENT_MAX_MB = int(os.environ.get("PLACETTE_ATTACHMENT_MAX_MB", "20"))
# Largest picture decoded, in megapixels (read from the header first: a small file can declare
# 13000 x 13000 pixels and cost gigabytes once decoded).
PLACETTE_IMAGE_MAX_MEGAPIXELS = int(os.environ.get("PLACETTE_IMAGE_MAX_MEGAPIXELS", "40"))

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A 403 is one line, without its traceback (core/logs.py); a 500 keeps its traceback.
    "filters": {"client_errors": {"()": "placette.core.logs.ClientErrorsWithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_errors"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("PLACETTE_LOG_LEVEL", "WARNING")},
}
