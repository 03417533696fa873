"""Nothing private leaks through the API, for each kind of content."""

from __future__ import annotations

import pytest

from baraza.compendium import services
from tests.factories import CommunityFactory
from tests.library import factories as library

pytestmark = pytest.mark.django_db


def test_records_in_curation_never_appear(api, records, draft, curator):
    services.submit(experience=draft, actor=draft.submitter)
    listed = api.get("/api/v1/experiences/?page_size=100").json()
    assert draft.identifier not in [r["identifier"] for r in listed["results"]]
    assert api.get(f"/api/v1/experiences/{draft.identifier}").status_code == 404
    assert draft.identifier.encode() not in api.get("/api/v1/editions/").content


def test_a_contact_is_shown_only_with_consent(api, curator):
    from tests.compendium import factories
    from tests.editions.conftest import publish

    shy = publish(curator, "A shy contact")
    shy.contact_email = "shy@example.org"
    shy.save()
    record = api.get(f"/api/v1/experiences/{shy.identifier}").json()
    assert record["data"]["contact"] is None
    assert b"shy@example.org" not in api.get(f"/api/v1/experiences/{shy.identifier}").content
    assert factories  # the factories build complete records


def test_the_library_lists_global_and_public_community_resources_only(api, facilitator):
    public = CommunityFactory(slug="open-circle", visibility="public")
    members_only = CommunityFactory(slug="members-circle", visibility="members")
    private = CommunityFactory(slug="hidden-circle", visibility="private")
    shown = [
        library.add(facilitator, title="Global guide"),
        library.add(facilitator, public, title="Public community note"),
    ]
    hidden = [
        library.add(facilitator, members_only, title="Members-only note"),
        library.add(facilitator, private, title="Private note"),
    ]
    listed = api.get("/api/v1/library/resources/").json()
    assert sorted(r["title"] for r in listed["results"]) == [
        "Global guide",
        "Public community note",
    ]
    assert [r["community"] for r in listed["results"] if r["title"] != "Global guide"] == [
        "open-circle"
    ]
    for resource in shown:
        assert api.get(f"/api/v1/library/resources/{resource.pk}").status_code == 200
    for resource in hidden:
        response = api.get(f"/api/v1/library/resources/{resource.pk}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_only_public_communities_are_listed(api, member):
    CommunityFactory(slug="open-circle", visibility="public", members=[member])
    CommunityFactory(slug="members-circle", visibility="members")
    CommunityFactory(slug="hidden-circle", visibility="private")
    listed = api.get("/api/v1/communities/").json()
    assert [c["slug"] for c in listed["results"]] == ["open-circle"]
    assert listed["results"][0]["member_count"] == 2  # the owner and the member
    assert api.get("/api/v1/communities/open-circle").json()["discussions"] == []
    for slug in ("members-circle", "hidden-circle"):
        assert api.get(f"/api/v1/communities/{slug}").status_code == 404


def test_a_token_gives_no_more_to_read(api, curator, curator_key, facilitator):
    from tests.api.conftest import bearer

    private = CommunityFactory(slug="hidden-circle", visibility="private")
    library.add(facilitator, private, title="Private note")
    listed = api.get("/api/v1/library/resources/", **bearer(curator_key)).json()
    assert listed["results"] == []
