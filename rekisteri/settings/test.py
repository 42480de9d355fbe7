"""Tests: the database comes from DATABASE_URL (PostgreSQL in CI) or a SQLite file."""

from rekisteri.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-key-that-is-not-secret-but-long-enough-to-satisfy-checks-0123456789"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Hashing with Argon2's real cost in every test would slow the suite; the hasher used in
# production is asserted by a test of its own.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A file, not memory, so that threads and processes in tests share the database as they
# would in production (WAL, immediate transactions, busy waits).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
