"""Reading the API anonymously: experiences, versions, editions, vocabularies; pagination,
errors, CORS and rate limits."""

from __future__ import annotations

import pytest

from baraza.compendium import services
from baraza.compendium.models import Label

pytestmark = pytest.mark.django_db


def identifiers(response) -> list[str]:
    return [r["identifier"] for r in response.json()["results"]]


def test_the_list_shows_published_records_only_newest_first(api, records, draft):
    response = api.get("/api/v1/experiences/")
    assert response.status_code == 200
    assert identifiers(response) == [r.identifier for r in reversed(records)]
    assert response.json()["count"] == 3
    first = response.json()["results"][0]
    assert first["title"]["en"] == "Community radio for cholera preparedness, Haiti"
    assert first["countries"] == ["HT"] and first["who_region"] == "AMR"
    assert first["url"] == f"http://127.0.0.1:8000/api/v1/experiences/{records[2].identifier}"


def test_the_list_filters_like_the_facets(api, records):
    kenya, sierra_leone, haiti = (r.identifier for r in records)
    assert identifiers(api.get("/api/v1/experiences/?region=AFR")) == [sierra_leone, kenya]
    assert identifiers(api.get("/api/v1/experiences/?region=afr&phase=response")) == [sierra_leone]
    assert identifiers(api.get(f"/api/v1/experiences/?label={Label.BEST}")) == [sierra_leone]
    assert identifiers(api.get("/api/v1/experiences/?country=HT&country=KE&sort=title")) == [
        haiti,
        kenya,
    ]
    assert identifiers(api.get("/api/v1/experiences/?q=ebola")) == [sierra_leone]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("region=XYZ", "“XYZ” is not a known value of the filter “region”."),
        ("phase=nothing", "“nothing” is not a known value of the filter “phase”."),
        ("year=1800", "“1800” is not a known value of the filter “year”."),
        (
            "year=abc",
            "year.0: Input should be a valid integer, unable to parse string as an integer",
        ),
        ("page=abc", "page: Input should be a valid integer, unable to parse string as an integer"),
        ("page_size=1000", "page_size: Input should be less than or equal to 100"),
        ("sort=random", "sort: Input should be 'newest', 'title' or 'start'"),
    ],
)
def test_bad_filters_get_a_400_that_says_what_is_wrong(api, records, query, message):
    response = api.get(f"/api/v1/experiences/?{query}")
    assert response.status_code == 400
    assert response.json() == {"detail": message}


def test_pages_link_to_each_other(api, records):
    first = api.get("/api/v1/experiences/?region=AFR&page_size=1").json()
    assert first["count"] == 2 and first["previous"] is None
    assert (
        first["next"] == "http://127.0.0.1:8000/api/v1/experiences/?region=AFR&page_size=1&page=2"
    )
    second = api.get(first["next"].removeprefix("http://127.0.0.1:8000")).json()
    assert [r["identifier"] for r in second["results"]] == [records[0].identifier]
    assert second["next"] is None and second["previous"].endswith("page=1")
    assert api.get("/api/v1/experiences/?page=9").json()["results"] == []


def test_a_record_reads_as_its_latest_version(api, records, curator):
    kenya = records[0]
    services.publish_edit(
        experience=kenya,
        actor=curator,
        values={"title_en": "Village health committees, second look"},
        change_note="New title.",
    )
    record = api.get(f"/api/v1/experiences/{kenya.identifier.lower()}").json()
    assert record["cite_as"] == f"{kenya.identifier}.v2"
    assert record["data"]["text"]["title"]["en"] == "Village health committees, second look"
    assert record["change_note"] == "New title."
    versions = api.get(f"/api/v1/experiences/{kenya.identifier}/versions").json()
    assert [v["number"] for v in versions["results"]] == [1, 2]
    first = api.get(f"/api/v1/experiences/{kenya.identifier}/versions/1").json()
    assert (
        first["data"]["text"]["title"]["en"]
        == "Village health committees review clinic data, Kenya"
    )
    missing = api.get(f"/api/v1/experiences/{kenya.identifier}/versions/3")
    assert missing.status_code == 404
    assert missing.json() == {"detail": f"{kenya.identifier} has no version 3."}


def test_a_withdrawn_record_answers_410_with_its_tombstone(api, records, curator):
    haiti = records[2]
    services.withdraw(experience=haiti, actor=curator, reason="Duplicate of another record.")
    response = api.get(f"/api/v1/experiences/{haiti.identifier}")
    assert response.status_code == 410
    body = response.json()
    assert body["detail"] == "This record was withdrawn."
    assert body["reason"] == "Duplicate of another record."
    assert body["versions"] == [f"{haiti.identifier}.v1"]
    assert api.get(f"/api/v1/experiences/{haiti.identifier}/versions/1").status_code == 410
    assert api.get(f"/api/v1/experiences/{haiti.identifier}/versions").status_code == 200
    assert haiti.identifier not in identifiers(api.get("/api/v1/experiences/"))


def test_a_record_that_was_never_published_does_not_exist(api, draft):
    for path in ("", "/versions", "/versions/1"):
        response = api.get(f"/api/v1/experiences/{draft.identifier}{path}")
        assert response.status_code == 404
        assert response.json() == {"detail": f"There is no published record {draft.identifier}."}


def test_an_edition_lists_its_changes_files_and_records(api, edition, records):
    listed = api.get("/api/v1/editions/").json()
    assert [e["number"] for e in listed["results"]] == ["2026.1"]
    assert listed["results"][0]["counts"] == {
        "records": 3,
        "added": 3,
        "updated": 0,
        "withdrawn": 0,
    }
    detail = api.get("/api/v1/editions/2026.1").json()
    assert detail["changes"]["added"] == [r.identifier for r in records]
    for file in detail["files"]:
        if file["state"] == "ready":
            assert len(file["sha256"]) == 64 and file["size"] > 0
            download = api.get(file["download_url"].removeprefix("http://127.0.0.1:8000"))
            assert download.status_code == 200
            assert len(b"".join(download.streaming_content)) == file["size"]
            assert download["Content-Disposition"].endswith(f'filename="{file["filename"]}"')
        else:
            assert file["download_url"] is None
    page = api.get("/api/v1/editions/2026.1/records?page_size=2").json()
    assert page["count"] == 3
    assert [r["cite_as"] for r in page["results"]] == [f"{r.identifier}.v1" for r in records[:2]]
    assert api.get("/api/v1/editions/2099.1").json() == {"detail": "There is no edition 2099.1."}


def test_the_vocabularies_list_every_term_in_both_languages(api):
    body = api.get("/api/v1/vocabularies/").json()
    assert {"phases", "health_areas", "approaches", "countries", "who_regions", "labels"} <= set(
        body["vocabularies"]
    )
    phases = api.get("/api/v1/vocabularies/phases").json()["terms"]
    assert "response" in [term["slug"] for term in phases]
    assert all(set(term) == {"slug", "en", "fr"} and term["fr"] for term in phases)
    assert api.get("/api/v1/vocabularies/nope").status_code == 404


def test_any_website_may_read_the_api(api):
    response = api.get("/api/v1/vocabularies/", HTTP_ORIGIN="https://example.net")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_too_many_requests_get_a_429_with_retry_after(api, settings):
    settings.BARAZA_API_RATE_ANON = "3/m"
    for _ in range(3):
        assert api.get("/api/v1/editions/").status_code == 200
    response = api.get("/api/v1/editions/")
    assert response.status_code == 429
    assert response.json() == {"detail": "Too many requests: wait a little before trying again."}
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another address has its own allowance.
    assert api.get("/api/v1/editions/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_a_nul_character_is_a_400_not_a_database_error(api):
    response = api.get("/api/v1/experiences/?q=a%00b")
    assert response.status_code == 400


@pytest.mark.parametrize("n", [1, 3])
def test_the_list_takes_the_same_queries_for_one_record_or_three(
    api, curator, n, django_assert_num_queries
):
    from tests.editions.conftest import publish

    for i in range(n):
        publish(curator, f"Record number {i}")
    with django_assert_num_queries(6):
        assert api.get("/api/v1/experiences/").status_code == 200


def test_each_thread_keeps_its_own_rate_limit_state():
    """One throttle object serves every request; what it keeps between allow_request() and
    wait() belongs to the thread handling the request."""
    import threading

    from baraza.api.throttling import AnonThrottle

    throttle = AnonThrottle()
    throttle.key = "main"
    seen = []
    worker = threading.Thread(target=lambda: seen.append(throttle.key))
    worker.start()
    worker.join()
    assert seen == [None]
    assert throttle.key == "main"


def test_behind_a_trusted_proxy_the_client_address_comes_from_x_forwarded_for(settings):
    from django.test import RequestFactory

    from baraza.api.throttling import AnonThrottle

    request = RequestFactory().get(
        "/api/v1/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    settings.NINJA_NUM_PROXIES = 0
    assert AnonThrottle().get_ident(request) == "10.0.0.1"
    settings.NINJA_NUM_PROXIES = 1
    assert AnonThrottle().get_ident(request) == "203.0.113.7"  # not what the client claimed


def test_a_misspelt_filter_is_a_400_not_the_whole_list(api):
    response = api.get("/api/v1/experiences/?regoin=AFR")
    assert response.status_code == 400
    assert response.json() == {"detail": "“regoin” is not a filter of this list."}


def test_the_curators_pages_do_not_answer_other_sites(api):
    response = api.get("/api/v1/tokens/", HTTP_ORIGIN="https://example.net")
    assert "Access-Control-Allow-Origin" not in response
