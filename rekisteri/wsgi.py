"""WSGI entry point for production servers (for example ``gunicorn rekisteri.wsgi``).

The register's own system checks run before the first request: a processor outside the
EU/EEA or an unmapped field stops the start, as it would stop ``rekisteri check``.
"""

import os

from django.core import checks
from django.core.wsgi import get_wsgi_application

from rekisteri.config import ConfigurationError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rekisteri.settings")
application = get_wsgi_application()

_errors = [message for message in checks.run_checks(tags=["privacy"]) if message.is_serious()]
if _errors:
    raise ConfigurationError("; ".join(str(message.msg) for message in _errors))
