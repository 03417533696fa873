"""Demo members: one per role, plus a few more so the directory has something to show.

Loading is idempotent: members are matched by email address, so re-running creates nothing twice.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from baraza.accounts import services
from baraza.accounts.models import Level, User, Visibility
from baraza.taxonomy.models import Country, Language, StakeholderType, Theme

DEMO_PASSWORD = "baraza-demo"  # noqa: S105  (printed for anyone trying the demo)

# role, email, name, country, language, stakeholder type, organisation, level, languages,
# themes, bio, visibility, group
PEOPLE = [
    (
        "member",
        "member@example.org",
        "Aminata Diallo",
        "SN",
        "fr",
        "community-health-worker",
        "Réseau des relais communautaires de Kolda",
        Level.COMMUNITY,
        ["fr", "wo", "ff"],
        ["community-networks-and-service-delivery", "quality-of-services"],
        "Relais communautaire depuis 2015, j'accompagne les familles pour la vaccination et la "
        "santé maternelle.",
        Visibility.PUBLIC,
        None,
    ),
    (
        "facilitator",
        "facilitator@example.org",
        "Joseph Mwangi",
        "KE",
        "en",
        "implementing-agency",
        "Community Health Practice Network",
        Level.REGIONAL,
        ["en", "sw"],
        ["governance-and-social-accountability", "community-networks-and-service-delivery"],
        "I facilitate the community of practice and help members turn discussions into "
        "shared lessons.",
        Visibility.PUBLIC,
        "facilitators",
    ),
    (
        "curator",
        "curator@example.org",
        "Claire Rakotomalala",
        "MG",
        "fr",
        "research-institution",
        "Institut de recherche en santé publique",
        Level.NATIONAL,
        ["fr", "mg", "en"],
        ["governance-and-social-accountability"],
        "Je coordonne la revue des expériences d'engagement communautaire du compendium.",
        Visibility.MEMBERS,
        "curators",
    ),
    (
        "staff",
        "staff@example.org",
        "Priya Raman",
        "IN",
        "en",
        "other",
        "Baraza platform team",
        Level.INTERNATIONAL,
        ["en", "hi", "ta"],
        ["new-technology"],
        "I look after the platform. Write to me if something does not work for you.",
        Visibility.MEMBERS,
        None,
    ),
    (
        "",
        "ministry.planner@example.org",
        "Fatou Ouédraogo",
        "BF",
        "fr",
        "planner-manager",
        "Direction de la santé communautaire",
        Level.NATIONAL,
        ["fr"],
        ["equitable-financing-and-payment", "quality-of-services"],
        "Planification des programmes de santé communautaire au niveau national.",
        Visibility.PUBLIC,
        None,
    ),
    (
        "",
        "funder@example.org",
        "Daniel Okafor",
        "NG",
        "en",
        "funding-agency",
        "West Africa Health Fund",
        Level.INTERNATIONAL,
        ["en", "yo"],
        ["equitable-financing-and-payment"],
        "Programme officer for primary health care grants.",
        Visibility.PUBLIC,
        None,
    ),
    (
        "",
        "faith.leader@example.org",
        "Rev. Grace Banda",
        "MW",
        "en",
        "faith-based-organisation",
        "Christian Health Association",
        Level.NATIONAL,
        ["en", "ny"],
        ["civil-society-faith-based-and-private-sector"],
        "Working with congregations on immunisation and maternal health.",
        Visibility.MEMBERS,
        None,
    ),
    (
        "",
        "startup@example.org",
        "Nguyễn Thị Lan",
        "VN",
        "en",
        "private-sector-start-up",
        "Mẹ khỏe digital health",
        Level.NATIONAL,
        ["vi", "en"],
        ["new-technology"],
        "We build SMS reminders for antenatal visits that work on any phone.",
        Visibility.PUBLIC,
        None,
    ),
]


@transaction.atomic
def load(*, stdout=None) -> list[tuple[str, str, str]]:
    logins = []
    for (
        role,
        email,
        name,
        country_code,
        language,
        stakeholder,
        organisation,
        level,
        languages,
        themes,
        bio,
        visibility,
        group,
    ) in PEOPLE:
        member = User.objects.filter(email=email).first()
        if member is None:
            member = User(email=email)
            member.set_password(DEMO_PASSWORD)
            member = services.register_member(
                user=member,
                display_name=name,
                country=Country.objects.get(code=country_code),
                language=language,
            )
            services.update_profile(
                actor=member,
                member=member,
                display_name=name,
                country=member.country,
                language=language,
                timezone_name=member.timezone,
                organisation=organisation,
                stakeholder_type=StakeholderType.objects.get(slug=stakeholder),
                level=level,
                languages=list(Language.objects.filter(code__in=languages)),
                themes=list(Theme.objects.filter(slug__in=themes)),
                bio=bio,
                gender="",
                visibility=visibility,
            )
        EmailAddress.objects.update_or_create(
            user=member, email=email, defaults={"verified": True, "primary": True}
        )
        services.member_changed(member=member)
        if group:
            member.groups.add(Group.objects.get(name=group))
        if role == "staff" and not member.is_staff:
            member.is_staff = member.is_superuser = True
            member.save(update_fields=["is_staff", "is_superuser"])
        if role:
            logins.append((role, email, DEMO_PASSWORD))
    return logins
