"""``baraza reindex``: the index rebuilt from the data, with a progress bar."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from baraza.search.models import Document
from tests.editions.conftest import publish
from tests.search.conftest import found

pytestmark = pytest.mark.django_db


def test_reindex_rebuilds_what_the_services_indexed(curator):
    publish(curator, "Village health committees review clinic data")
    before = found("committee")
    assert len(before) == 1
    Document.objects.all().delete()
    assert found("committee") == []

    out, err = io.StringIO(), io.StringIO()
    call_command("reindex", stdout=out, stderr=err)

    assert found("committee") == before
    lines = out.getvalue().splitlines()
    assert "experience: 1 documents" in lines
    assert lines[-1].startswith("Indexed ")
    assert "Indexing" in err.getvalue()  # the progress bar
    if connection.vendor == "sqlite":  # the FTS rows of the deleted documents went too
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM search_fts")
            assert cursor.fetchone()[0] == Document.objects.count()


def test_reindex_of_one_kind_leaves_the_others(curator):
    publish(curator, "Village health committees review clinic data")
    call_command("reindex", "member", "--no-progress", stdout=io.StringIO())
    assert len(found("committee")) == 1


def test_an_unknown_kind_is_a_clear_error():
    with pytest.raises(CommandError, match=r"Unknown kind: records\. Known kinds: experience"):
        call_command("reindex", "records", stdout=io.StringIO())
