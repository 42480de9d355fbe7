"""The data map (see ``registry``), and the vocabulary it is written in."""

from rekisteri.privacy.datamap.registry import (
    DataMap,
    DataMapError,
    MappedField,
    ModelMap,
    Personal,
    Subregister,
    datamap,
)
from rekisteri.privacy.datamap.vocabulary import (
    Category,
    DataSubject,
    Erasure,
    LegalBasis,
    Purpose,
    Source,
)

__all__ = [
    "Category",
    "DataMap",
    "DataMapError",
    "DataSubject",
    "Erasure",
    "LegalBasis",
    "MappedField",
    "ModelMap",
    "Personal",
    "Purpose",
    "Source",
    "Subregister",
    "datamap",
]
