"""Settings shared by every environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.forms.formsets import BaseFormSet
from django.forms.models import BaseModelForm
from django.utils.translation import gettext_lazy as _

from rekisteri.config import (
    ConfigurationError,
    data_dir,
    env_country,
    env_int,
    env_str,
)


def _generic_at_run_time(*classes: type) -> None:
    """Let ``ModelForm[Customer]`` be written at run time as mypy reads it: django-stubs
    declares these classes generic, Django's own take no subscript. (QuerySet and Manager
    take one already.)"""
    for cls in classes:
        cls.__class_getitem__ = classmethod(lambda cls, *args, **kwargs: cls)  # type: ignore[attr-defined]


_generic_at_run_time(BaseModelForm, BaseFormSet)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rekisteri.audit",
    "rekisteri.access",
    "rekisteri.privacy",
    "rekisteri.organisation",
    "rekisteri.accounts",
    "rekisteri.customers",
    "rekisteri.consents",
    "rekisteri.contests",
    "rekisteri.feedback",
    "rekisteri.shop",
    "rekisteri.orders",
    "rekisteri.payments",
    "rekisteri.credit",
    "rekisteri.marketing",
    "rekisteri.subject_requests",
    "rekisteri.authority_requests",
    "rekisteri.api",
    "rekisteri.backups",
    "rekisteri.staff",
    "rekisteri.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rekisteri.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "rekisteri.audit.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "rekisteri.staff.sessions.StaffSessionTimeoutMiddleware",
    "rekisteri.staff.second_factor.StaffSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "rekisteri.urls"
WSGI_APPLICATION = "rekisteri.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rekisteri.organisation.context_processors.organisation",
            ],
        },
    },
]


def database_config() -> dict[str, Any]:
    """``DATABASE_URL`` when given; otherwise SQLite in WAL mode in the data directory."""
    url = env_str("DATABASE_URL")
    if url:
        try:
            config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
        except (ValueError, KeyError) as error:
            raise ConfigurationError(f"DATABASE_URL cannot be understood: {error}") from None
        if config["ENGINE"] not in {
            "django.db.backends.postgresql",
            "django.db.backends.sqlite3",
        }:
            raise ConfigurationError("DATABASE_URL must point at PostgreSQL or SQLite")
        if config["ENGINE"] == "django.db.backends.postgresql":
            config["CONN_HEALTH_CHECKS"] = True
            return config
        return {**config, **sqlite_options()}
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "rekisteri.sqlite3",
        **sqlite_options(),
    }


def sqlite_options() -> dict[str, Any]:
    # IMMEDIATE transactions take the write lock at BEGIN, so two writers queue instead of
    # failing half-way (the audit chain and stock both depend on that).
    return {
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        }
    }


DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "staff:login"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A form sent without its CSRF token is refused like any other access, and recorded (L24).
CSRF_FAILURE_VIEW = "rekisteri.audit.denials.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise expects it even before collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("REKISTERI_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("REKISTERI_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("REKISTERI_FROM_EMAIL", "rekisteri@localhost")

# Where the register lives (seed S13): both must be inside the EU/EEA.
REKISTERI_DATABASE_COUNTRY = env_country("REKISTERI_DATABASE_COUNTRY", "FI")
REKISTERI_BACKUP_COUNTRY = env_country("REKISTERI_BACKUP_COUNTRY", "FI")
REKISTERI_BACKUP_DIR = Path(env_str("REKISTERI_BACKUP_DIR") or DATA_DIR / "backups")

# How often the demo's scheduler verifies the audit chain and applies retention (seconds).
REKISTERI_AUDIT_VERIFY_INTERVAL = env_int("REKISTERI_AUDIT_VERIFY_INTERVAL", 600)
REKISTERI_RETENTION_INTERVAL = env_int("REKISTERI_RETENTION_INTERVAL", 24 * 60 * 60)

# The audit chain's head is also appended here, outside the database.
REKISTERI_AUDIT_ANCHOR_FILE = Path(
    env_str("REKISTERI_AUDIT_ANCHOR_FILE") or DATA_DIR / "audit-anchor.log"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # Request logs would carry query strings; our URLs hold no personal data, but
        # Django's request logger also prints POST failures, so keep it at warnings.
        "django.request": {"level": "ERROR"},
    },
}
# The key of the audit chain's HMAC. Keep it, like the anchor, apart from database backups.
REKISTERI_AUDIT_KEY_FILE = Path(env_str("REKISTERI_AUDIT_KEY_FILE") or DATA_DIR / "audit_key")

# Retention periods (L7). Each is the default of a rule in the data map; the register
# description shows the period in force and its reason.
REKISTERI_RETENTION_CUSTOMER_YEARS = env_int("REKISTERI_RETENTION_CUSTOMER_YEARS", 3)
REKISTERI_RETENTION_AUDIT_YEARS = env_int("REKISTERI_RETENTION_AUDIT_YEARS", 5)
REKISTERI_RETENTION_SESSION_DAYS = env_int("REKISTERI_RETENTION_SESSION_DAYS", 14)

# The erasure ledger: the pseudonymous ids of erased people, outside the database, replayed
# after a restore so that no one erased comes back.
REKISTERI_ERASURE_LEDGER_FILE = Path(
    env_str("REKISTERI_ERASURE_LEDGER_FILE") or DATA_DIR / "erasure-ledger.log"
)

# Customer accounts (rekisteri.accounts).
# Passwords may be long passphrases: at least 12 characters (above) and up to 256.
AUTH_PASSWORD_VALIDATORS.append(
    {
        "NAME": "rekisteri.accounts.passwords.MaximumLengthValidator",
        "OPTIONS": {"max_length": 256},
    }
)
# The address links in emails point at (scheme and host, no trailing slash).
REKISTERI_SITE_URL = env_str("REKISTERI_SITE_URL", "http://127.0.0.1:8000")
# How long an email confirmation link works (hours) and a password reset link (seconds).
REKISTERI_EMAIL_LINK_HOURS = env_int("REKISTERI_EMAIL_LINK_HOURS", 72)
PASSWORD_RESET_TIMEOUT = env_int("REKISTERI_PASSWORD_RESET_SECONDS", 2 * 60 * 60)
# Retention (days) of an account whose email address is never confirmed, of a confirmation
# link, and of a failed sign-in attempt.
REKISTERI_RETENTION_UNCONFIRMED_REGISTRATION_DAYS = env_int(
    "REKISTERI_RETENTION_UNCONFIRMED_REGISTRATION_DAYS", 30
)
REKISTERI_RETENTION_EMAIL_LINK_DAYS = env_int("REKISTERI_RETENTION_EMAIL_LINK_DAYS", 30)
REKISTERI_RETENTION_SIGN_IN_FAILURE_DAYS = env_int("REKISTERI_RETENTION_SIGN_IN_FAILURE_DAYS", 1)
# Sign-in throttling: at most this many failures per account, and per client address, within
# the window; further tries wait until the oldest failure leaves the window.
REKISTERI_SIGN_IN_WINDOW_MINUTES = env_int("REKISTERI_SIGN_IN_WINDOW_MINUTES", 15)
REKISTERI_SIGN_IN_ACCOUNT_FAILURES = env_int("REKISTERI_SIGN_IN_ACCOUNT_FAILURES", 5)
REKISTERI_SIGN_IN_ADDRESS_FAILURES = env_int("REKISTERI_SIGN_IN_ADDRESS_FAILURES", 20)

# Contests and feedback (months).
REKISTERI_RETENTION_CONTEST_ENTRY_MONTHS = env_int("REKISTERI_RETENTION_CONTEST_ENTRY_MONTHS", 3)
REKISTERI_RETENTION_CONTEST_WINNER_MONTHS = env_int("REKISTERI_RETENTION_CONTEST_WINNER_MONTHS", 24)
REKISTERI_RETENTION_FEEDBACK_MONTHS = env_int("REKISTERI_RETENTION_FEEDBACK_MONTHS", 12)
# Evidence of answering people's and authorities' requests (years after closing / receipt).
REKISTERI_RETENTION_SUBJECT_REQUEST_YEARS = env_int("REKISTERI_RETENTION_SUBJECT_REQUEST_YEARS", 3)
REKISTERI_RETENTION_AUTHORITY_REQUEST_YEARS = env_int(
    "REKISTERI_RETENTION_AUTHORITY_REQUEST_YEARS", 10
)

# Payments through Paytrail (seed S15). The defaults are Paytrail's public test credentials;
# the demo points the URL at its local simulator. Production sets all three.
PAYTRAIL_API_URL = env_str("PAYTRAIL_API_URL", "https://services.paytrail.com")
PAYTRAIL_MERCHANT_ID = env_str("PAYTRAIL_MERCHANT_ID", "375917")
PAYTRAIL_SECRET_KEY = env_str("PAYTRAIL_SECRET_KEY", "SAIPPUAKAUPPIAS")
# How often the demo's scheduler asks Paytrail about payments whose callback never came (s).
REKISTERI_PAYMENTS_RECONCILE_INTERVAL = env_int("REKISTERI_PAYMENTS_RECONCILE_INTERVAL", 300)
# How often the demo's scheduler takes a backup (seconds; production uses cron or a timer).
REKISTERI_BACKUP_INTERVAL = env_int("REKISTERI_BACKUP_INTERVAL", 24 * 60 * 60)
# Seconds to wait for Paytrail before telling the customer to try again.
PAYTRAIL_TIMEOUT = env_int("PAYTRAIL_TIMEOUT", 10)

# Bookkeeping (L20): the day and month on which the shop's financial year ends ("MM-DD").
# Orders, receipts, refunds and credit notes are kept for six years after the end of the
# calendar year in which that financial year ended.
REKISTERI_FINANCIAL_YEAR_END = env_str("REKISTERI_FINANCIAL_YEAR_END", "12-31")
# Days from an invoice purchase to the invoice's due date.
REKISTERI_INVOICE_DAYS = env_int("REKISTERI_INVOICE_DAYS", 14)
# Staff sessions (S18): signed out after this many idle minutes, and this many hours after
# signing in.
REKISTERI_STAFF_IDLE_MINUTES = env_int("REKISTERI_STAFF_IDLE_MINUTES", 30)
REKISTERI_STAFF_SESSION_HOURS = env_int("REKISTERI_STAFF_SESSION_HOURS", 12)
# A staff invitation link works for this many hours; this many wrong sign-in codes within the
# sign-in window make the next try wait.
REKISTERI_STAFF_INVITATION_HOURS = env_int("REKISTERI_STAFF_INVITATION_HOURS", 72)
REKISTERI_STAFF_CODE_FAILURES = env_int("REKISTERI_STAFF_CODE_FAILURES", 5)
# Backups (rekisteri.backups): the AES-256-GCM key (32 random bytes, made on the first backup;
# keep a copy apart from the backups), and how many daily, weekly and monthly backups to keep.
REKISTERI_BACKUP_KEY_FILE = Path(env_str("REKISTERI_BACKUP_KEY_FILE") or DATA_DIR / "backup_key")
REKISTERI_BACKUP_KEEP_DAILY = env_int("REKISTERI_BACKUP_KEEP_DAILY", 7)
REKISTERI_BACKUP_KEEP_WEEKLY = env_int("REKISTERI_BACKUP_KEEP_WEEKLY", 4)
REKISTERI_BACKUP_KEEP_MONTHLY = env_int("REKISTERI_BACKUP_KEEP_MONTHLY", 12)
