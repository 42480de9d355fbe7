"""Production: secrets and hosts must come from the environment; HTTPS everywhere."""

from rekisteri.config import (
    ConfigurationError,
    env_bool,
    env_int,
    env_list,
    secret_from_file_or_env,
)
from rekisteri.settings.base import *  # noqa: F403

_secret = secret_from_file_or_env("REKISTERI_SECRET_KEY")
if not _secret:
    raise ConfigurationError(
        "REKISTERI_SECRET_KEY (or REKISTERI_SECRET_KEY_FILE) is required when "
        "REKISTERI_ENV=production"
    )
if len(_secret) < 50 or len(set(_secret)) < 5:
    raise ConfigurationError(
        "REKISTERI_SECRET_KEY must be at least 50 characters with at least 5 different ones"
    )
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("REKISTERI_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ConfigurationError(
        "REKISTERI_ALLOWED_HOSTS (comma-separated host names) is required when "
        "REKISTERI_ENV=production"
    )
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if "*" not in host]

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("REKISTERI_SSL_REDIRECT", True)
if env_bool("REKISTERI_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("REKISTERI_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
