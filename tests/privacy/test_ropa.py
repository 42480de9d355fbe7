"""Records of processing (L19) and the fideslang export, derived from the data map."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rekisteri.privacy.datamap import datamap

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("ropa", *args, stdout=out)
    return out.getvalue()


def test_json_records_hold_every_article_30_item_and_every_mapped_field(organisation) -> None:
    records = json.loads(_run("--format", "json", "--lang", "en"))
    assert records["controller"]["name"] == "Ilmapallokeskus Balloon Center Oy"
    assert records["controller"]["contact_person"]["name"] == "Jonna Nieminen"
    assert records["security_measures"]
    assert records["transfers_outside_eu_eea"] == []
    listed = {
        field["field"]
        for activity in records["activities"]
        for category in activity["data_categories"]
        for field in category["fields"]
    }
    assert listed == {mapped.label for mapped in datamap.mapped_fields()}
    for activity in records["activities"]:
        assert activity["purposes"] and activity["data_subjects"] and activity["retention"]
        for purpose in activity["purposes"]:
            assert purpose["legal_basis"]


def test_markdown_records_name_each_activity(organisation) -> None:
    text = _run("--lang", "en")
    assert text.startswith("# Records of processing activities")
    for subregister in datamap.subregisters():
        assert f"(`{subregister.key}`)" in text


def test_fideslang_dataset_lists_every_personal_column() -> None:
    document = json.loads(_run("--format", "fideslang"))
    columns = {
        (collection["name"], field["name"]): field["data_categories"]
        for collection in document["dataset"][0]["collections"]
        for field in collection["fields"]
    }
    for mapped in datamap.mapped_fields():
        meta = mapped.model._meta
        column = getattr(meta.get_field(mapped.name), "column", None) or mapped.name
        assert columns[(meta.db_table, column)] == [mapped.personal.category]
    extensions = {c["fides_key"] for c in document["data_category"]}
    assert "user.financial.creditworthiness" in extensions
    uses = {d["data_use"] for d in document["system"][0]["privacy_declarations"]}
    assert "essential.service" in uses


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(CommandError):
        call_command("ropa", "--format", "xml")
