"""Events in search: found by their title, description and place, kept up to date when their
facilitators plan and change them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from baraza.events import services as events
from baraza.search import registry, services
from tests.events.helpers import plan
from tests.factories import CommunityFactory
from tests.search.conftest import find, found

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(member):
    return CommunityFactory(slug="chw", members=[member])


def test_an_event_is_found_by_its_title_description_and_place(member, community):
    event = plan(
        community,
        title="Webinar: paying community health workers",
        description="Three districts share their payment calendars.",
        place="Ziguinchor regional hospital",
    )
    pk = str(event.pk)
    for words in ("webinar", "payment calendar", "ziguinchor hospital"):
        assert found(words, member) == [pk], words

    (hit,) = find("calendars").hits
    assert (hit.kind, hit.url, str(hit.title), hit.language, hit.date) == (
        "event",
        f"/en/events/{pk}/",
        "Webinar: paying community health workers",
        "en",
        event.starts_at,
    )
    assert str(hit.snippet) == (
        "Three districts share their payment <mark>calendars</mark>. Ziguinchor regional hospital"
    )
    assert hit.meta == {
        "starts_at": event.starts_at.isoformat(),
        "place": "Ziguinchor regional hospital",
    }


def test_words_are_found_without_accents_and_in_other_forms(member, community):
    event = plan(
        community,
        title="Atelier sur la rémunération",
        description="Les relais de Thiès présentent leurs résultats.",
        language="fr",
    )
    for words in ("REMUNERATION", "thies", "resultat", "relai"):
        assert found(words, member) == [str(event.pk)], words
    assert find("atelier").hits[0].language == "fr"


def test_a_changed_event_is_found_by_its_new_words_only(member, community):
    event = plan(community, title="Webinar on stipends", description="Kolda shares its grid.")
    owner = community.memberships.get(role="owner").user
    events.update_event(
        actor=owner,
        event=event,
        time_zone="UTC",
        title="Atelier sur les primes",
        description="Matam présente sa grille.",
        language="fr",
    )
    assert found("matam primes", member) == [str(event.pk)]
    assert found("kolda", member) == []
    assert found("stipends", member) == []
    assert find("matam", member).hits[0].language == "fr"


def test_a_moved_date_moves_the_result(member, community):
    event = plan(community, title="Webinar on stipends")
    later = event.starts_at + timedelta(days=30)
    owner = community.memberships.get(role="owner").user
    events.update_event(
        actor=owner,
        event=event,
        time_zone="Africa/Dakar",
        starts_at=later,
        ends_at=later + timedelta(hours=1),
    )
    (hit,) = find("stipends", member).hits
    assert (hit.date, hit.meta["starts_at"]) == (later, later.isoformat())


def test_past_events_are_still_found(member, community):
    event = plan(
        community, title="Webinar on stipends", starts_at=timezone.now() - timedelta(days=40)
    )
    assert found("stipends", member) == [str(event.pk)]


def test_events_of_a_members_only_community_are_found_by_members_only(member):
    community = CommunityFactory(visibility="members", members=[member])
    event = plan(community, title="Webinar on stipends")
    assert found("stipends") == []
    assert found("stipends", member) == [str(event.pk)]


def test_reindexing_rebuilds_the_same_results(member, community):
    plan(community, title="Webinar on stipends", description="Kolda")
    plan(community, title="Kolda workshop", place="Kolda town hall")
    before = [(h.object_id, str(h.snippet)) for h in find("kolda", member).hits]

    assert services.reindex(["event"]) == {"event": 2}

    assert [(h.object_id, str(h.snippet)) for h in find("kolda", member).hits] == before
    assert len(before) == 2


@pytest.mark.parametrize("n", [1, 3])
def test_all_entries_are_read_in_constant_queries(community, n, django_assert_num_queries):
    for number in range(n):
        plan(community, title=f"Webinar {number}")
    with django_assert_num_queries(1):
        assert len(list(registry.get("event").entries())) == n
