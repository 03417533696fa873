"""Who finds what: the resources, discussions and events of a community are found, and
counted, only by those who may read the community; nobody finds what moderation hid.

The same content sits in a public, a members-only and a private community, and in the global
library. Anonymous visitors and logged-in outsiders find the public community's content and the
global library; members and the site's facilitators find everything. Private and members-only
content never shows up for the others: not in the hits, not in the total, not in any facet.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from baraza.communities import services as communities
from baraza.discussions import services as discussions
from baraza.search import queries
from baraza.taxonomy.models import Theme
from tests.events.helpers import plan
from tests.factories import CommunityFactory, MemberFactory
from tests.library.factories import add, pdf_upload
from tests.search.conftest import find, found

pytestmark = pytest.mark.django_db

THEME = "equitable-financing-and-payment"
VISIBILITIES = ("public", "members", "private")


@pytest.fixture
def host(db):
    return MemberFactory(display_name="Fatou Host")


@pytest.fixture
def stranger(db):
    """Logged in, but a member of none of the communities."""
    return MemberFactory(display_name="Olu Outsider")


def _content(community, member, theme) -> set[tuple[str, str]]:
    """A resource (the word only inside its PDF), a topic and an event, all saying
    "Kedougou": resource and event in French, the topic in English."""
    resource = add(
        member,
        community,
        title=f"Budget note ({community.visibility})",
        language="fr",
        themes=[theme],
        file=pdf_upload("note.pdf", "Lignes budgetaires de Kedougou"),
    )
    topic = discussions.start_topic(
        author=member,
        community=community,
        title=f"Kedougou payments ({community.visibility})",
        body="Are stipends paid on time?",
        language="en",
        themes=[theme],
    )
    event = plan(community, title=f"Atelier de Kedougou ({community.visibility})", language="fr")
    return {("resource", str(resource.pk)), ("topic", str(topic.pk)), ("event", str(event.pk))}


@pytest.fixture
def world(member, host, facilitator):
    """What each community holds, by visibility, and the global library ("global")."""
    theme = Theme.objects.get(slug=THEME)
    # Every community first: a member's memberships are cached once they act.
    places = [
        CommunityFactory(slug=visibility, visibility=visibility, owner=host, members=[member])
        for visibility in VISIBILITIES
    ]
    held = {place.visibility: _content(place, member, theme) for place in places}
    national = add(
        facilitator, None, title="Kedougou national policy", language="pt", themes=[theme]
    )
    held["global"] = {("resource", str(national.pk))}
    return held


def _persona(name, request):
    if name == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue({"outsider": "stranger"}.get(name, name))


@pytest.mark.parametrize(
    ("persona", "readable"),
    [
        ("anonymous", ("global", "public")),
        ("outsider", ("global", "public")),
        ("member", ("global", "public", "members", "private")),
        ("facilitator", ("global", "public", "members", "private")),
    ],
)
def test_each_persona_finds_and_counts_only_what_they_may_read(world, request, persona, readable):
    user = _persona(persona, request)
    expected = set().union(*(world[place] for place in readable))
    communities_seen = len(readable) - 1  # each has a resource, a topic and an event, + global

    results = find("kedougou", user)

    assert {(hit.kind, hit.object_id) for hit in results.hits} == expected
    assert results.total == len(expected) == 3 * communities_seen + 1
    assert [(v.value, v.count) for v in results.facets["kind"]] == [
        ("resource", communities_seen + 1),
        ("topic", communities_seen),
        ("event", communities_seen),
    ]
    # The topics are in English; resources and events in French, and the global resource in
    # Portuguese (counted under neither).
    assert [(v.value, v.count) for v in results.facets["language"]] == [
        ("en", communities_seen),
        ("fr", 2 * communities_seen),
    ]
    assert [(v.value, v.count) for v in results.facets["theme"]] == [
        (THEME, 2 * communities_seen + 1)
    ]
    # Filters count the same way.
    assert find("kedougou", user, kinds=("event",)).total == communities_seen
    in_french = queries.search(user, queries.Request(q="kedougou", language="fr"))
    assert in_french.total == 2 * communities_seen
    assert find("kedougou", user, tags=(("theme", THEME),)).total == 2 * communities_seen + 1


def test_a_public_community_turning_private_hides_its_content_from_outsiders_at_once(
    member, host, stranger
):
    community = CommunityFactory(slug="open", owner=host, members=[member])
    content = _content(community, member, Theme.objects.get(slug=THEME))
    assert len(found("kedougou")) == len(found("kedougou", stranger)) == 3

    communities.update_community(
        actor=host,
        community=community,
        changed_original=False,
        changed_translation=False,
        visibility="private",
    )

    for outsider in (AnonymousUser(), stranger):
        results = find("kedougou", outsider)
        assert (results.hits, results.total) == ([], 0)
        assert all(values == [] for values in results.facets.values())
    assert {(h.kind, h.object_id) for h in find("kedougou", member).hits} == content
    assert {(h.kind, h.object_id) for h in find("kedougou", host).hits} == content


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "host", "facilitator"])
def test_a_hidden_posts_words_are_never_found_nor_shown(request, member, host, persona):
    community = CommunityFactory(slug="open", owner=host, members=[member])
    topic = discussions.start_topic(
        author=member,
        community=community,
        title="Stipends in Kedougou",
        body="Are stipends paid on time in Kedougou?",
        language="en",
    )
    reply = discussions.post_reply(
        topic=topic,
        author=member,
        body="In Kedougou, ask nurse Mariama Diouf: her number is 77 123 45 67.",
        language="en",
    )
    discussions.moderate_post(actor=host, post=reply, action="hide", reason="Private details.")
    user = _persona(persona, request)

    assert found("diouf", user) == []
    assert found("mariama", user) == []
    results = find("kedougou", user)
    assert [hit.object_id for hit in results.hits] == [str(topic.pk)]
    for hit in results.hits:
        assert "Diouf" not in hit.snippet
        assert "Mariama" not in hit.snippet
