"""Library resources in search: found by their title, authors, abstract and the words inside
their file, kept up to date by the library's services."""

from __future__ import annotations

import pytest

from baraza.discussions import services as discussion_services
from baraza.library import services as library_services
from baraza.search import registry, services
from baraza.taxonomy.models import Country, Language, Theme
from tests.factories import CommunityFactory
from tests.library.factories import add, pdf_upload
from tests.search.conftest import find, found

pytestmark = pytest.mark.django_db

RESOURCES = ("resource",)


@pytest.fixture
def community(member):
    return CommunityFactory(slug="chw", members=[member])


def _form(**fields):
    data = {
        "kind": "case-study",
        "title": "Paying CHWs by mobile money in Kolda",
        "authors": "Aminata Diallo, Kolda health district",
        "year": "2024",
        "language": "en",
        "countries": ["SN"],
        "themes": ["equitable-financing-and-payment"],
        "licence": "cc-by-4.0",
        "abstract": "How a district moved stipends to mobile wallets.",
        "url": "",
        "doi": "",
    }
    data.update(fields)
    return data


def test_a_pdf_added_to_a_library_is_found_by_a_word_only_inside_it(
    member_client, member, community
):
    pdf = pdf_upload("kolda.pdf", "Supervision visits in Tambacounda every month")
    response = member_client.post("/en/communities/chw/library/add/", _form(file=pdf))
    pk = response["Location"].split("/")[-2]

    results = find("tambacounda", member, kinds=RESOURCES)

    (hit,) = results.hits
    assert (hit.object_id, hit.url, str(hit.title), hit.language) == (
        pk,
        f"/en/library/{pk}/",
        "Paying CHWs by mobile money in Kolda",
        "en",
    )
    assert "Supervision visits in <mark>Tambacounda</mark> every month" in hit.snippet
    assert hit.meta == {"resource_kind": "case-study", "year": 2024}
    # Nothing else says "Tambacounda": the resource's own discussion does not quote its file.
    assert found("tambacounda", member) == [pk]


def test_a_resource_is_found_by_its_title_authors_and_abstract(member, community):
    resource = add(
        member,
        community,
        title="Paying CHWs by mobile money",
        authors="Aminata Diallo",
        abstract="Stipends moved to wallets.",
    )
    pk = str(resource.pk)
    for words in ("mobile money", "diallo", "wallets", "stipend"):
        assert found(words, member, kinds=RESOURCES) == [pk], words
    hit = find("wallets", member, kinds=RESOURCES).hits[0]
    assert str(hit.snippet) == "Stipends moved to <mark>wallets</mark>. Aminata Diallo"


def test_words_are_found_without_accents_and_in_other_forms(member, community):
    resource = add(
        member,
        community,
        title="Rémunération des agents de santé communautaires",
        language="fr",
        abstract="Les paiements réguliers fidélisent les relais.",
    )
    pk = str(resource.pk)
    for words in ("remuneration", "SANTE communautaire", "paiement", "fidelisent"):
        assert found(words, member, kinds=RESOURCES) == [pk], words
    hit = find("sante", member, kinds=RESOURCES, language="fr").hits[0]
    assert (hit.language, str(hit.title)) == (
        "fr",
        "Rémunération des agents de <mark>santé</mark> communautaires",
    )


def test_a_resource_in_another_language_is_indexed_in_that_language(member, community):
    resource = add(
        member,
        community,
        title="Pagamento dos agentes comunitários",
        language="pt",
        abstract="Agentes em Moçambique.",
    )
    results = find("mocambique", member, kinds=RESOURCES)
    (hit,) = results.hits
    assert (hit.object_id, hit.language) == (str(resource.pk), "pt")
    # Neither English nor French: it is counted under no language.
    assert results.facets["language"] == []


def test_the_global_library_is_found_by_everyone(facilitator):
    resource = add(facilitator, None, title="National CHW policy of Senegal")
    assert found("senegal", kinds=RESOURCES) == [str(resource.pk)]


def test_a_community_library_is_found_only_by_who_may_read_the_community(member):
    private = CommunityFactory(visibility="private", members=[member])
    resource = add(member, private, title="Kolda district budget")
    assert found("kolda budget", kinds=RESOURCES) == []
    assert found("kolda budget", member, kinds=RESOURCES) == [str(resource.pk)]


def test_themes_and_countries_are_facets(member, community):
    resource = add(
        member,
        community,
        title="Mobile money stipends",
        themes=[Theme.objects.get(slug="equitable-financing-and-payment")],
        countries=Country.objects.filter(code__in=["SN", "ML"]),
    )
    results = find("stipends", member, kinds=RESOURCES)
    assert [(v.value, v.count) for v in results.facets["theme"]] == [
        ("equitable-financing-and-payment", 1)
    ]
    assert sorted((v.value, v.count) for v in results.facets["country"]) == [
        ("ML", 1),
        ("SN", 1),
    ]
    chosen = find("stipends", member, kinds=RESOURCES, tags=(("country", "ML"),))
    assert [h.object_id for h in chosen.hits] == [str(resource.pk)]
    assert find("stipends", member, kinds=RESOURCES, tags=(("country", "KE"),)).hits == []


def test_an_edit_is_found_at_once_and_the_old_words_are_not(member, community):
    resource = add(member, community, title="Paying CHWs", abstract="Monthly stipends.")
    library_services.update_resource(
        actor=member,
        resource=resource,
        title="Rewarding volunteers",
        abstract="Quarterly bonuses.",
        language=Language.objects.get(code="fr"),
    )
    pk = str(resource.pk)
    assert found("rewarding bonuses", member, kinds=RESOURCES) == [pk]
    assert found("stipends", member, kinds=RESOURCES) == []
    assert find("bonuses", member, kinds=RESOURCES).hits[0].language == "fr"


def test_a_replaced_file_is_found_by_its_own_words_only(member, community):
    resource = add(member, community, file=pdf_upload("a.pdf", "Findings from Ziguinchor"))
    assert found("ziguinchor", member, kinds=RESOURCES) == [str(resource.pk)]

    library_services.update_resource(
        actor=member, resource=resource, file=pdf_upload("b.pdf", "Findings from Sedhiou")
    )

    assert found("sedhiou", member, kinds=RESOURCES) == [str(resource.pk)]
    assert found("ziguinchor", member, kinds=RESOURCES) == []


def test_a_closed_discussions_summary_joins_the_library_and_is_found(member, community):
    owner = community.memberships.get(role="owner").user
    topic = discussion_services.start_topic(
        author=member, community=community, title="Paying CHWs", body="How?", language="en"
    )
    discussion_services.close_topic(
        actor=owner, topic=topic, summary="Most districts pay through mobile wallets."
    )
    (hit,) = find("wallets", member, kinds=RESOURCES).hits
    assert str(hit.title) == "Paying CHWs"
    assert hit.meta["resource_kind"] == "discussion-summary"


def test_reindexing_rebuilds_the_same_results(member, facilitator, community):
    local = add(member, community, title="Kolda stipends", file=pdf_upload("a.pdf", "Sedhiou"))
    add(facilitator, None, title="Kolda national policy")
    before = [(h.object_id, str(h.snippet)) for h in find("kolda", member, kinds=RESOURCES).hits]

    assert services.reindex(["resource"]) == {"resource": 2}

    after = [(h.object_id, str(h.snippet)) for h in find("kolda", member, kinds=RESOURCES).hits]
    assert (after, len(after)) == (before, 2)
    assert found("sedhiou", member, kinds=RESOURCES) == [str(local.pk)]


@pytest.mark.parametrize("n", [1, 3])
def test_all_entries_are_read_in_constant_queries(member, community, n, django_assert_num_queries):
    for number in range(n):
        add(member, community, title=f"Note {number}", themes=Theme.objects.all()[:2])
    with django_assert_num_queries(3):  # resources with their language, themes, countries
        assert len(list(registry.get("resource").entries())) == n
