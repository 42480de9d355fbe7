from __future__ import annotations

import pytest

from rekisteri.audit.actors import Actor
from rekisteri.demo.data import OPENING_HOURS
from rekisteri.demo.data import ORGANISATION as SEED_VALUES
from rekisteri.organisation.models import Organisation
from rekisteri.organisation.services import organisation_update


@pytest.fixture
def organisation(db) -> Organisation:
    """The controller as the seed register description names it (S1, S5, S6)."""
    return organisation_update(
        actor=Actor.system("test"), values=SEED_VALUES, opening_hours=OPENING_HOURS
    )
