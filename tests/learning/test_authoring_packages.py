"""Authors' home, creating a package, its details and its authors: who may do what, and what
each page shows."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from baraza.core.models import AuditEntry
from baraza.learning import models as m
from baraza.learning.policies import AUTHORS_GROUP
from baraza.learning.views.authoring_queries import translation_todo
from tests.factories import MemberFactory
from tests.learning.conftest import build_learning_package, build_workshop_package

pytestmark = pytest.mark.django_db

HOME = reverse("learning:author_home")


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def errors(response) -> list[str]:
    return [e.get_text(" ", strip=True) for e in soup(response).select(".errorlist li")]


def another_author(**kwargs):
    user = MemberFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=AUTHORS_GROUP)[0])
    return user


def confirm_translations(package: m.Package) -> None:
    """Mark every stale translation of ``package`` as checked (the fixtures leave some)."""
    for todo in translation_todo([package])[package.pk]:
        if todo.status == "stale":
            todo.row.mark_translated(todo.field, package.original_language)
            todo.row.save()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Permissions -------------------------------------------------------------------------------


def test_a_visitor_is_sent_to_log_in(outsider):
    response = outsider.get(HOME)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_member_who_is_not_an_author_can_not_author(member_client):
    response = member_client.get(HOME)
    assert response.status_code == 403
    assert "Only authors write learning and workshop packages" in response.content.decode()
    created = member_client.post(
        reverse("learning:author_new") + "?kind=learning",
        {
            "title": "Mine",
            "slug": "mine",
            "original_language": "en",
            "audience": "staff",
            "level": "introductory",
        },
    )
    assert created.status_code == 403
    assert not m.Package.objects.exists()


def test_an_author_can_not_edit_another_authors_package(learning_package):
    other = client_for(another_author())
    slug = learning_package.slug
    for name in (
        "author_package",
        "author_details",
        "author_authors",
        "author_translation",
        "publish",
    ):
        assert other.get(reverse(f"learning:{name}", args=[slug])).status_code == 403, name
    module = learning_package.modules.first()
    url = reverse("learning:author_row", args=[slug, "module", module.pk])
    assert other.get(url).status_code == 403
    assert other.post(url, {"title_en": "Taken over"}).status_code == 403
    module.refresh_from_db()
    assert module.title_en == "Module 1"


def test_staff_edit_every_package(staff_client, learning_package, author, experience):
    workshop = build_workshop_package(author, experience)
    response = staff_client.get(HOME)
    assert response.status_code == 200
    titles = [a.get_text() for a in soup(response).select("tbody td:first-child a")]
    assert titles == [
        "Community engagement essentials",
        "Engaging communities in outbreak response",
    ]
    page = staff_client.get(reverse("learning:author_package", args=[workshop.slug]))
    assert page.status_code == 200


# --- The author's home -----------------------------------------------------------------------


def test_the_home_lists_the_authors_packages_with_version_changes_and_translation(
    author_client, author, learning_package, experience
):
    draft = build_workshop_package(author, experience, slug="draft-workshop")
    build_learning_package(another_author(), experience, slug="not-mine")
    confirm_translations(learning_package)
    # A change after publishing: the published package has draft changes and a stale title.
    author_client.post(
        reverse("learning:author_details", args=[learning_package.slug]),
        {**details_data(learning_package), "title_en": "Community engagement, the essentials"},
    )
    response = author_client.get(HOME)
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in soup(response).select("tbody tr")
    ]
    assert rows == [
        [
            "Community engagement, the essentials",
            "Learning package",
            "1",
            "Yes",
            "1 translation out of date",
        ],
        [
            "Engaging communities in outbreak response",
            "Workshop package",
            "Not published yet",
            "Yes",
            "40 translations out of date",
        ],
    ]
    assert draft.version_number == 0
    links = [a["href"] for a in soup(response).select("main p a.button")]
    assert links == [
        reverse("learning:author_new") + "?kind=learning",
        reverse("learning:author_new") + "?kind=workshop",
    ]


def test_a_package_just_published_has_no_unpublished_changes(author_client, learning_package):
    row = soup(author_client.get(HOME)).select_one("tbody tr")
    assert [td.get_text(" ", strip=True) for td in row.find_all("td")][3] == "No"


@pytest.mark.parametrize("n", [1, 3])
def test_the_home_takes_the_same_queries_for_one_or_three_packages(
    n, author, author_client, experience, django_assert_num_queries
):
    for i in range(n):
        build_learning_package(author, experience, slug=f"package-{i}")
    author_client.get(HOME)  # warm the session and the caches
    with django_assert_num_queries(15):
        assert author_client.get(HOME).status_code == 200


# --- A new package ---------------------------------------------------------------------------


def new_data(**changes) -> dict:
    return {
        "title": "Listening to communities",
        "slug": "listening",
        "original_language": "fr",
        "audience": "pre_service",
        "level": "introductory",
        **changes,
    }


def test_an_author_creates_a_workshop_package_and_becomes_its_author(author, author_client):
    response = author_client.post(reverse("learning:author_new") + "?kind=workshop", new_data())
    package = m.Package.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:author_package", args=["listening"])
    assert (package.kind, package.title_fr, package.title_en, package.original_language) == (
        "workshop",
        "Listening to communities",
        "",
        "fr",
    )
    assert list(package.authors.all()) == [author]
    assert AuditEntry.objects.filter(action="package.create").count() == 1
    page = author_client.get(response["Location"])
    assert soup(page).h1.get_text() == "Listening to communities"
    assert [h.get_text() for h in soup(page).select("section h2")] == [
        "Variants",
        "Preparation checklist",
        "Evaluation form",
        "Pre- and post-test",
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"slug": "author"}, "slug", "“author” is a reserved word on this site."),
        ({"slug": "workshops"}, "slug", "“workshops” is a reserved word on this site."),
        ({"slug": "ce-essentials"}, "slug", "A package called “ce-essentials” already exists."),
        ({"slug": "Not a slug!"}, "slug", "Enter a valid “slug”"),
        ({"title": ""}, "title", "This field is required."),
        ({"audience": "everyone"}, "audience", "Select a valid choice."),
    ],
)
def test_a_bad_new_package_is_refused_with_a_message(
    author_client, learning_package, changes, field, message
):
    response = author_client.post(
        reverse("learning:author_new") + "?kind=learning", new_data(**changes)
    )
    assert response.status_code == 400
    page = soup(response)
    field_errors = page.find(id=f"id_{field}").find_previous("ul", class_="errorlist")
    assert field_errors.get_text(" ", strip=True).startswith(message)
    assert m.Package.objects.count() == 1


def test_two_authors_taking_the_same_short_name_at_once_get_a_message(
    author, author_client, learning_package, monkeypatch
):
    """Both requests pass the check before either inserts: the second insert breaks the
    unique short name, and its author reads the same message as for a name already taken."""
    from baraza.learning import forms
    from baraza.learning.services import authoring

    monkeypatch.setattr(forms, "slug_problem", lambda slug: None)
    monkeypatch.setattr(authoring, "slug_problem", lambda slug: None)
    response = author_client.post(
        reverse("learning:author_new") + "?kind=learning", new_data(slug="ce-essentials")
    )
    assert response.status_code == 400
    field_errors = soup(response).find(id="id_slug").find_previous("ul", class_="errorlist")
    assert field_errors.get_text(" ", strip=True) == (
        "A package called “ce-essentials” already exists. Please choose another short name."
    )
    assert m.Package.objects.count() == 1
    assert not AuditEntry.objects.filter(action="package.create").exists()
    # The transaction is still usable after the refused insert.
    with pytest.raises(ValidationError) as caught:
        authoring.create_package(
            actor=author,
            kind=m.Kind.LEARNING,
            slug="ce-essentials",
            original_language="en",
            title="Again",
            audience=m.Audience.STAFF,
        )
    assert caught.value.message_dict == {
        "slug": [
            "A package called “ce-essentials” already exists. Please choose another short name."
        ]
    }


def test_an_unknown_kind_of_package_is_a_bad_request(author_client):
    response = author_client.get(reverse("learning:author_new") + "?kind=podcast")
    assert response.status_code == 400
    assert soup(response).h1.get_text() == "Bad request"


def test_the_new_package_page_is_in_french_too(author_client):
    response = author_client.get("/fr/learning/author/new/?kind=workshop")
    assert soup(response).h1.get_text() == "Nouveau kit d’atelier"


# --- Details ----------------------------------------------------------------------------------


def details_data(package: m.Package, **changes) -> dict:
    data = {
        "original_language": package.original_language,
        "audience": package.audience,
        "level": package.level,
        "notional_hours": str(package.notional_hours),
        "licence": package.licence,
    }
    for name in ("title", "summary", "competencies", "prerequisites", "goal"):
        for lang in ("en", "fr"):
            data[f"{name}_{lang}"] = getattr(package, f"{name}_{lang}")
    if package.kind == m.Kind.LEARNING:
        data.update(visit_share=package.visit_share, pass_mark=package.pass_mark)
    return {**data, **changes}


def test_the_details_form_saves_the_metadata(author_client, learning_package):
    url = reverse("learning:author_details", args=[learning_package.slug])
    page = soup(author_client.get(url))
    assert page.find(id="id_title_en")["value"] == "Community engagement essentials"
    assert page.find(id="id_goal_en") is None  # a learning package states its aims in the summary
    response = author_client.post(
        url,
        details_data(
            learning_package,
            notional_hours="4.5",
            pass_mark="80",
            competencies_en="Plan\nListen\nReview",
            level="advanced",
        ),
    )
    assert response.status_code == 302
    learning_package.refresh_from_db()
    assert (
        str(learning_package.notional_hours),
        learning_package.pass_mark,
        learning_package.level,
        learning_package.competencies_en,
    ) == ("4.5", 80, "advanced", "Plan\nListen\nReview")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"pass_mark": "120"}, "pass_mark", "Ensure this value is less than or equal to 100."),
        ({"visit_share": "-5"}, "visit_share", "Ensure this value is greater than or equal to 0."),
        ({"notional_hours": "-1"}, "notional_hours", "Ensure this value is greater than"),
        ({"title_en": ""}, "title_en", "Write this in English: it is the original language."),
        ({"original_language": "de"}, "original_language", "Select a valid choice."),
        ({"licence": "all-rights-reserved"}, "licence", "Select a valid choice."),
    ],
)
def test_bad_details_are_refused_and_nothing_changes(
    author_client, learning_package, changes, field, message
):
    url = reverse("learning:author_details", args=[learning_package.slug])
    response = author_client.post(url, details_data(learning_package, **changes))
    assert response.status_code == 400
    field_errors = soup(response).find(id=f"id_{field}").find_previous("ul", class_="errorlist")
    assert field_errors.get_text(" ", strip=True).startswith(message)
    before = learning_package.updated_at
    learning_package.refresh_from_db()
    assert (learning_package.pass_mark, learning_package.updated_at) == (50, before)


# --- Authors ----------------------------------------------------------------------------------


def test_an_author_adds_a_co_author_by_email(author_client, learning_package):
    colleague = another_author(display_name="Binta Co-author", email="binta@example.org")
    url = reverse("learning:author_authors", args=[learning_package.slug])
    response = author_client.post(url, {"action": "add", "email": "BINTA@example.org"})
    assert response.status_code == 302
    assert set(learning_package.authors.all()) == {colleague, learning_package.created_by}
    rows = soup(author_client.get(url)).select(".rows li")
    names = [li.select_one(".name").get_text() for li in rows]
    assert names == ["Awa Author", "Binta Co-author"]
    # Now the co-author edits the package.
    assert (
        client_for(colleague)
        .get(reverse("learning:author_package", args=[learning_package.slug]))
        .status_code
        == 200
    )


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("nobody@example.org", "No member has the address nobody@example.org."),
        ("plain@example.org", "Plain Member is not an author yet."),
        ("awa@example.org", "Awa Author is already an author of this package."),
        ("not an address", "Enter a valid email address."),
    ],
)
def test_a_co_author_must_be_an_existing_author(
    author, author_client, learning_package, email, message
):
    author.email = "awa@example.org"
    author.save()
    MemberFactory(display_name="Plain Member", email="plain@example.org")
    url = reverse("learning:author_authors", args=[learning_package.slug])
    response = author_client.post(url, {"action": "add", "email": email})
    assert response.status_code == 400
    assert errors(response)[0].startswith(message)
    assert list(learning_package.authors.all()) == [author]


def test_the_last_author_can_not_be_removed(author, author_client, learning_package):
    url = reverse("learning:author_authors", args=[learning_package.slug])
    response = author_client.post(url, {"action": "remove", "user": author.pk})
    assert response.status_code == 400
    assert soup(response).select_one("p.errorlist").get_text() == (
        "A package keeps at least one author. Add another author before removing this one."
    )
    assert list(learning_package.authors.all()) == [author]


def test_an_author_removes_a_co_author(author, author_client, learning_package):
    colleague = another_author()
    learning_package.authors.add(colleague)
    url = reverse("learning:author_authors", args=[learning_package.slug])
    assert author_client.post(url, {"action": "remove", "user": colleague.pk}).status_code == 302
    assert list(learning_package.authors.all()) == [author]
    assert client_for(colleague).get(url).status_code == 403


def test_a_tampered_authors_form_is_a_bad_request(author_client, learning_package):
    url = reverse("learning:author_authors", args=[learning_package.slug])
    assert author_client.post(url, {"action": "promote"}).status_code == 400
    assert author_client.post(url, {"action": "remove", "user": "x"}).status_code == 400
