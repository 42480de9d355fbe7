"""Local development and the demo: a generated secret key kept in the data directory."""

from rekisteri.config import env_bool, env_list, generated_secret_key
from rekisteri.settings.base import *  # noqa: F403
from rekisteri.settings.base import DATA_DIR

SECRET_KEY = generated_secret_key(DATA_DIR)
DEBUG = env_bool("REKISTERI_DEBUG", False)
ALLOWED_HOSTS = env_list("REKISTERI_ALLOWED_HOSTS") or ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = DATA_DIR / "outbox"
