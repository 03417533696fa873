"""The CSV export: the dashboard's tables, suppressed the same way, headed in the reader's
language, and friendly to spreadsheets (UTF-8 with a byte-order mark, downloaded as a file)."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from baraza.reports.queries import week_starts
from tests.reports.builders import join, reply, topic, weeks_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_client(leader) -> Client:
    client = Client()
    client.force_login(leader)
    return client


def _tables(response) -> list[list[list[str]]]:
    """The file's tables: runs of rows separated by blank rows."""
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    tables, current = [], []
    for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"))):
        if row:
            current.append(row)
        else:
            tables.append(current)
            current = []
    return [*tables, current]


def _activity(community, leader):
    people = [join(community, country="KE", gender=" Woman") for _n in range(5)]
    join(community, country="MG", gender="man")
    question = topic(community, people[0], when=weeks_ago(2))
    reply(question, people[1], when=weeks_ago(2))
    reply(question, leader, when=weeks_ago(1))


def test_the_export_in_english(community, leader, leader_client):
    _activity(community, leader)

    response = leader_client.get("/en/communities/chw/reports/export.csv?weeks=4")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="chw-report-')
    weekly, countries, stakeholders, genders = _tables(response)
    starts = [day.isoformat() for day in week_starts(4)]
    assert weekly == [
        ["Activity per week"],
        ["Week starting", "Members joined", "Active members", "Posts"],
        [starts[0], "0", "0", "0"],
        [starts[1], "0", "2", "2"],
        [starts[2], "0", "1", "1"],
        [starts[3], "2", "0", "0"],
    ]
    assert countries == [
        ["By country"],
        ["Country", "Members", "Active in the period", "Posts in the period"],
        ["Kenya", "6", "2", "2"],
        ["Other or fewer than 5", "<5", "", ""],
    ]
    assert stakeholders == [
        ["By stakeholder type"],
        ["Stakeholder type", "Members", "Active in the period", "Posts in the period"],
        ["Not stated", "8", "3", "3"],
    ]
    assert genders == [
        ["By gender"],
        ["Gender", "Members", "Active in the period", "Posts in the period"],
        ["Woman", "5", "2", "2"],
        ["Other or fewer than 5", "<5", "", ""],
    ]


def test_the_export_in_french(community, leader, leader_client):
    _activity(community, leader)

    response = leader_client.get("/fr/communities/chw/reports/export.csv?weeks=4")

    weekly, countries, stakeholders, _genders = _tables(response)
    assert weekly[:2] == [
        ["Activité par semaine"],
        ["Semaine du", "Nouveaux membres", "Membres actifs", "Messages"],
    ]
    assert countries == [
        ["Par pays"],
        ["Pays", "Membres", "Actifs sur la période", "Messages sur la période"],
        ["Kenya", "6", "2", "2"],
        ["Autres ou moins de 5", "<5", "", ""],
    ]
    assert stakeholders[2] == ["Non précisé", "8", "3", "3"]


def test_an_invalid_period_exports_the_default_twelve_weeks(community, leader_client):
    response = leader_client.get("/en/communities/chw/reports/export.csv?weeks=-1")
    assert response.status_code == 200
    assert len(_tables(response)[0]) == 2 + 12


def test_only_facilitators_may_export(community):
    member = join(community)
    client = Client()
    client.force_login(member)
    assert client.get("/en/communities/chw/reports/export.csv").status_code == 403


def test_a_group_name_is_never_run_as_a_spreadsheet_formula(community, leader_client):
    for _n in range(5):
        join(community, gender='=HYPERLINK("http://example.org")')

    genders = _tables(leader_client.get("/en/communities/chw/reports/export.csv"))[3]

    assert genders[2] == ['\'=hyperlink("http://example.org")', "5", "0", "0"]
