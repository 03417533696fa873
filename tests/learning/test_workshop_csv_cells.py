"""Cells of uploaded CSV files that no text column can hold, or that only look like numbers:
each is refused with its row and column, and nothing is saved."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from baraza.learning.models import Evaluation
from tests.learning.test_workshop_runs import csv_file, record, run_url

pytestmark = pytest.mark.django_db

NUL_MESSAGE = (
    "the cell holds a null character, which a text cannot contain. Remove it and upload the "
    "file again."
)


@pytest.fixture
def run(workshop_package, member):
    return record(workshop_package, member)


def _errors(response, field_id: str) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    errors = soup.find(id=field_id).find_previous("ul", class_="errorlist")
    return [" ".join(li.get_text(" ").split()) for li in errors.find_all("li")]


@pytest.mark.parametrize(
    "rating",
    [
        "²",  # superscript two: str.isdigit() says yes, int() refuses it
        "٣",  # Arabic-Indic three: int() reads it as 3
        "３",  # fullwidth three
    ],
)
def test_a_rating_is_one_ascii_digit_from_1_to_5(run, member_client, rating):
    content = f"1,2\n{rating},Fine\n4,Good\n"
    response = member_client.post(run_url(run, "evaluations/"), {"file": csv_file(content)})
    assert response.status_code == 400
    assert _errors(response, "id_evaluations_file") == [
        f"Row 2, column “1”: a rating is a whole number from 1 to 5, not “{rating}”."
    ]
    assert Evaluation.objects.count() == 0


def test_a_null_character_in_a_written_answer_is_refused(run, member_client):
    content = "1,2\n4,Listen\x00 first\n5,Ask\n"
    response = member_client.post(run_url(run, "evaluations/"), {"file": csv_file(content)})
    assert response.status_code == 400
    assert _errors(response, "id_evaluations_file") == [f"Row 2, column “2”: {NUL_MESSAGE}"]
    assert Evaluation.objects.count() == 0


def test_a_null_character_in_a_participant_cell_is_refused_with_the_rows_other_problems(
    run, member_client
):
    content = (
        "name,email,organisation,attended,pre_score\n"
        "Amina,amina@example.org,Red\x00 Cross,yes,40\n"
        "Koffi,koffi@example.org,,\x00,abc\n"
    )
    response = member_client.post(run_url(run, "participants/upload/"), {"file": csv_file(content)})
    assert response.status_code == 400
    assert _errors(response, "id_participants_file") == [
        f"Row 2, column “organisation”: {NUL_MESSAGE}",
        f"Row 3, column “attended”: {NUL_MESSAGE}",
        "Row 3, column “pre_score”: Enter a whole number.",
    ]
    assert run.participants.count() == 0


def test_a_null_character_in_a_column_name_is_refused(run, member_client):
    content = "name,email\x00\nAmina,amina@example.org\n"
    response = member_client.post(run_url(run, "participants/upload/"), {"file": csv_file(content)})
    assert response.status_code == 400
    assert _errors(response, "id_participants_file") == [
        "Row 1: a column name holds a null character, which a text cannot contain. Remove it "
        "and upload the file again."
    ]
    assert run.participants.count() == 0
