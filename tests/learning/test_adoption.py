"""Adopters: members record their institution's adoption or adaptation of a published package;
the list is public (without who recorded it); each member who asked is emailed once per new
version, in their own language, when the publication commits."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from baraza.core.models import AuditEntry
from baraza.learning import models as m
from baraza.learning.services import adoption as adoptions
from baraza.learning.services import authoring
from baraza.learning.services.publishing import publish
from tests.factories import MemberFactory
from tests.learning.conftest import build_learning_package
from tests.learning.test_authoring_packages import client_for, errors, soup
from tests.learning.test_publishing import revise

pytestmark = pytest.mark.django_db


def adopt_data(**changes) -> dict:
    return {
        "institution": "Kenya Medical Training College",
        "country": "KE",
        "kind": "adapted",
        "curriculum": "Diploma in community health",
        "cohort": "2026 intake",
        "adaptation": "Added a Kiswahili glossary.",
        "notify": "on",
        **changes,
    }


def adopt(package, user, **changes) -> m.Adoption:
    values = adopt_data(**changes)
    values["notify"] = bool(values["notify"])
    return adoptions.record_adoption(actor=user, package=package, **values)


# --- Recording an adoption --------------------------------------------------------------------


def test_a_member_records_an_adaptation(member, member_client, learning_package):
    url = reverse("learning:adopt", args=[learning_package.slug])
    page = soup(member_client.get(url))
    assert page.h1.get_text() == "Your institution uses “Community engagement essentials”"
    response = member_client.post(url, adopt_data())
    assert response["Location"] == reverse("learning:adopters", args=[learning_package.slug])
    adoption = learning_package.adoptions.get()
    assert (
        adoption.institution,
        adoption.country,
        adoption.kind,
        adoption.version_number,
        adoption.recorded_by,
        adoption.notify,
    ) == ("Kenya Medical Training College", "KE", "adapted", 1, member, True)
    assert AuditEntry.objects.filter(action="package.adopt").count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"institution": ""}, "institution", "This field is required."),
        ({"country": "XX"}, "country", "Select a valid choice."),
        ({"kind": "copied"}, "kind", "Select a valid choice."),
        ({"curriculum": ""}, "curriculum", "This field is required."),
        ({"adaptation": ""}, "adaptation", "Say what you adapted."),
        ({"institution": "x" * 201}, "institution", "Ensure this value has at most 200"),
    ],
)
def test_a_bad_adoption_is_refused(member_client, learning_package, changes, field, message):
    response = member_client.post(
        reverse("learning:adopt", args=[learning_package.slug]), adopt_data(**changes)
    )
    assert response.status_code == 400
    assert errors(response)[0].startswith(message)
    assert not learning_package.adoptions.exists()


def test_adopting_as_it_is_needs_no_adaptation(member_client, learning_package):
    response = member_client.post(
        reverse("learning:adopt", args=[learning_package.slug]),
        adopt_data(kind="adopted", adaptation="", notify=""),
    )
    assert response.status_code == 302
    assert learning_package.adoptions.get().notify is False


def test_only_members_adopt_published_packages(outsider, member_client, author, experience):
    draft = build_learning_package(author, experience, slug="draft")
    assert member_client.get(reverse("learning:adopt", args=[draft.slug])).status_code == 404
    response = outsider.get(reverse("learning:adopt", args=["draft"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- The list of adopters ---------------------------------------------------------------------


def test_the_adopters_list_is_public_without_who_recorded_it(
    client, member, learning_package, workshop_package
):
    adopt(learning_package, member)
    adopt(
        learning_package,
        MemberFactory(),
        institution="Université de Dakar",
        country="SN",
        kind="adopted",
        cohort="",
        adaptation="",
    )
    adopt(workshop_package, member, institution="Elsewhere")
    response = client.get(reverse("learning:adopters", args=[learning_package.slug]))
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in soup(response).select("tbody tr")
    ]
    assert rows == [
        [
            "Kenya Medical Training College",
            "Kenya",
            "Adapted Added a Kiswahili glossary.",
            "Diploma in community health",
            "2026 intake",
            "1",
        ],
        [
            "Université de Dakar",
            "Senegal",
            "Adopted as it is",
            "Diploma in community health",
            "",
            "1",
        ],
    ]
    assert member.email not in response.content.decode()
    assert member.display_name not in response.content.decode()


def test_the_adopters_list_is_in_french(client, member, learning_package):
    adopt(learning_package, member, country="SN")
    response = client.get(f"/fr/learning/{learning_package.slug}/adopters/")
    page = soup(response)
    assert page.h1.get_text() == (
        "Établissements qui utilisent «\u00a0L'essentiel de l'engagement communautaire\u00a0»"
    )
    assert [th.get_text() for th in page.select("thead th")] == [
        "Établissement",
        "Pays",
        "Adopté ou adapté",
        "Cursus ou programme",
        "Promotion",
        "Version",
    ]
    assert [td.get_text() for td in page.select("tbody td")][1] == "Sénégal"


@pytest.mark.parametrize("n", [1, 3])
def test_the_adopters_list_takes_the_same_queries_for_one_or_three(
    n, member, member_client, learning_package, django_assert_num_queries
):
    for i in range(n):
        adopt(learning_package, member, institution=f"College {i}")
    url = reverse("learning:adopters", args=[learning_package.slug])
    member_client.get(url)
    with django_assert_num_queries(6):
        assert member_client.get(url).status_code == 200


def test_a_member_stops_and_restarts_the_news_of_their_adoption(
    member, member_client, learning_package
):
    mine = adopt(learning_package, member)
    theirs = adopt(learning_package, MemberFactory(), institution="Other college")
    url = reverse("learning:adopters", args=[learning_package.slug])
    buttons = soup(member_client.get(url)).select("tbody form button")
    assert [b.get_text() for b in buttons] == ["Stop telling me about new versions"]
    notify = reverse("learning:adoption_notify", args=[learning_package.slug, mine.pk])
    response = member_client.post(notify, {"notify": "0"})
    assert response["Location"] == url
    mine.refresh_from_db()
    assert mine.notify is False
    buttons = soup(member_client.get(url)).select("tbody form button")
    assert [b.get_text() for b in buttons] == ["Tell me about new versions"]
    member_client.post(notify, {"notify": "1"})
    mine.refresh_from_db()
    assert mine.notify is True
    # Someone else's adoption, or a tampered form, changes nothing.
    other = reverse("learning:adoption_notify", args=[learning_package.slug, theirs.pk])
    assert member_client.post(other, {"notify": "0"}).status_code == 403
    assert member_client.post(notify, {"notify": "maybe"}).status_code == 400
    theirs.refresh_from_db()
    assert theirs.notify is True


# --- Telling adopters about new versions -----------------------------------------------------


def test_adopters_are_told_once_each_in_their_language(
    author, learning_package, django_capture_on_commit_callbacks
):
    english = MemberFactory(display_name="Grace Mwangi", email="grace@example.org", language="en")
    french = MemberFactory(display_name="Awa Diop", email="awa@example.org", language="fr")
    quiet = MemberFactory(email="quiet@example.org")
    adopt(learning_package, english)
    adopt(learning_package, english, institution="Second campus")
    adopt(learning_package, french, institution="Université de Dakar", country="SN")
    adopt(learning_package, quiet, notify="")
    revise(learning_package)
    with django_capture_on_commit_callbacks(execute=True):
        publish(
            package=learning_package,
            actor=author,
            notes_en="A new module on rumours.",
            notes_fr="Un nouveau module sur les rumeurs.",
        )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "awa@example.org",
        "grace@example.org",
    ]
    by_address = {message.to[0]: message for message in mail.outbox}
    en = by_address["grace@example.org"]
    assert en.subject == "[Baraza] “Community engagement essentials”: version 2 is published"
    assert en.body.splitlines()[:9] == [
        "Hello Grace Mwangi,",
        "",
        "A new version of “Community engagement essentials” is published: version 2.",
        "",
        "What changed:",
        "A new module on rumours.",
        "",
        "You recorded that these institutions use the package:",
        "- Kenya Medical Training College",
    ]
    assert "/en/learning/ce-essentials/versions/" in en.body
    fr = by_address["awa@example.org"]
    title = "«\u00a0L'essentiel de l'engagement communautaire\u00a0»"
    # The subject is made one line (no-break spaces become spaces).
    assert fr.subject == (
        "[Baraza] « L'essentiel de l'engagement communautaire » : la version 2 est publiée"
    )
    assert fr.body.splitlines()[:9] == [
        "Bonjour Awa Diop,",
        "",
        f"Une nouvelle version de {title} est publiée : la version 2.",
        "",
        "Ce qui a changé :",
        "Un nouveau module sur les rumeurs.",
        "",
        "Vous avez indiqué que cet établissement utilise le parcours :",
        "- Université de Dakar",
    ]
    assert "/fr/learning/ce-essentials/versions/" in fr.body


def test_no_email_before_the_publication_commits_nor_when_it_is_refused(
    author, member, learning_package, django_capture_on_commit_callbacks
):
    adopt(learning_package, member)
    revise(learning_package)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(package=learning_package, actor=author, notes_en="Later.")
    assert (len(callbacks), mail.outbox) == (1, [])
    m.Module.objects.create(package=learning_package, position=9, title_en="Empty")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match="has no lesson"),
    ):
        publish(package=learning_package, actor=author, notes_en="Broken.")
    assert mail.outbox == []


def test_a_member_who_left_is_not_emailed(
    author, member, learning_package, django_capture_on_commit_callbacks
):
    adopt(learning_package, member)
    member.is_active = False
    member.save()
    revise(learning_package)
    with django_capture_on_commit_callbacks(execute=True):
        publish(package=learning_package, actor=author, notes_en="New.")
    assert mail.outbox == []


def test_the_email_links_work(
    client, author, member, learning_package, django_capture_on_commit_callbacks
):
    adopt(learning_package, member)
    revise(learning_package)
    with django_capture_on_commit_callbacks(execute=True):
        publish(package=learning_package, actor=author, notes_en="New.")
    links = [line for line in mail.outbox[0].body.splitlines() if "://" in line]
    paths = ["/" + link.split("://", 1)[1].split("/", 1)[1] for link in links]
    assert paths == [
        reverse("learning:versions", args=[learning_package.slug]),
        reverse("learning:adopters", args=[learning_package.slug]),
    ]
    assert [client.get(path).status_code for path in paths] == [200, 200]
    assert client_for(member).get(paths[1]).status_code == 200


# --- The published title, not the authors' draft ----------------------------------------------


def test_the_adopters_pages_show_the_published_title_not_the_draft(
    author, member_client, learning_package
):
    authoring.update_package(
        actor=author, package=learning_package, values={"title_en": "Draft title in progress"}
    )
    adopters = soup(member_client.get(reverse("learning:adopters", args=[learning_package.slug])))
    assert adopters.h1.get_text() == "Institutions using “Community engagement essentials”"
    assert adopters.title.get_text().startswith(
        "Institutions using this package · Community engagement essentials"
    )
    form = soup(member_client.get(reverse("learning:adopt", args=[learning_package.slug])))
    assert form.h1.get_text() == "Your institution uses “Community engagement essentials”"
    assert form.title.get_text().startswith("Record an adoption · Community engagement essentials")


def test_the_email_names_the_version_published_even_if_the_draft_moved_on(
    author, member, learning_package, django_capture_on_commit_callbacks
):
    adopt(learning_package, member)
    revise(learning_package)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(package=learning_package, actor=author, notes_en="New.")
    # The author renames the draft before the emails leave.
    authoring.update_package(
        actor=author, package=learning_package, values={"title_en": "Draft title in progress"}
    )
    for callback in callbacks:
        callback()
    assert [message.subject for message in mail.outbox] == [
        "[Baraza] “Community engagement essentials”: version 2 is published"
    ]
