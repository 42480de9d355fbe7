"""Settings chosen by ``REKISTERI_ENV``: ``production`` or (the default) ``development``."""

import os

if os.environ.get("REKISTERI_ENV", "development").strip() == "production":
    from rekisteri.settings.production import *  # noqa: F403
else:
    from rekisteri.settings.development import *  # noqa: F403
