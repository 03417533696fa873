"""Demo communities: the flagship community of practice and three more, in both languages.

Idempotent: communities are matched by address (slug), memberships by person.
"""

from __future__ import annotations

from django.db import transaction

from baraza.accounts.models import User
from baraza.communities import policies
from baraza.communities.models import Community, JoinPolicy, Membership, Role, Status, Visibility

COMMUNITIES = [
    {
        "slug": "community-health-cop",
        "is_featured": True,
        "original_language": "en",
        "visibility": Visibility.PUBLIC,
        "join_policy": JoinPolicy.OPEN,
        "name_en": "Community Health Community of Practice",
        "name_fr": "Communauté de pratique en santé communautaire",
        "description_en": (
            "The home of the network: people who design, fund, run and study community health "
            "programmes compare what works, from community health worker payment to "
            "supervision, supplies and data. Everyone is welcome; introduce yourself!"
        ),
        "description_fr": (
            "Le cœur du réseau : celles et ceux qui conçoivent, financent, mettent en œuvre et "
            "étudient les programmes de santé communautaire y comparent ce qui fonctionne, de la "
            "rémunération des agents de santé communautaires à la supervision, aux "
            "approvisionnements et aux données. Tout le monde est bienvenu : présentez-vous !"
        ),
        "rules_en": (
            "Be respectful and specific. Share sources. No advertising. Write in English or "
            "French; both are welcome in every thread."
        ),
        "rules_fr": (
            "Soyez respectueux et précis. Citez vos sources. Pas de publicité. Écrivez en "
            "français ou en anglais : les deux langues sont les bienvenues dans chaque fil."
        ),
        "owner": "facilitator@example.org",
        "members": [
            "member@example.org",
            "curator@example.org",
            "funder@example.org",
            "ministry.planner@example.org",
            "startup@example.org",
        ],
    },
    {
        "slug": "ce-in-emergencies",
        "original_language": "en",
        "visibility": Visibility.MEMBERS,
        "join_policy": JoinPolicy.REQUEST,
        "premoderation": 2,
        "name_en": "Community engagement in health emergencies",
        "name_fr": "Engagement communautaire dans les urgences sanitaires",
        "description_en": (
            "Risk communication and community engagement before, during and after outbreaks: "
            "Ebola, cholera, COVID-19, mpox. Practitioners share field notes and tools."
        ),
        "description_fr": (
            "Communication sur les risques et engagement communautaire avant, pendant et après "
            "les épidémies : Ebola, choléra, COVID-19, mpox. Les praticiens partagent notes de "
            "terrain et outils."
        ),
        "rules_en": "Field notes stay in the community. Ask before quoting someone outside it.",
        "rules_fr": "Les notes de terrain restent dans la communauté. Demandez avant de citer "
        "quelqu'un à l'extérieur.",
        "owner": "facilitator@example.org",
        "members": ["curator@example.org", "faith.leader@example.org"],
        "pending": ["member@example.org"],
    },
    {
        "slug": "chw-managers-west-central-africa",
        "original_language": "fr",
        "visibility": Visibility.PRIVATE,
        "join_policy": JoinPolicy.INVITE,
        "name_en": "CHW programme managers, West and Central Africa",
        "name_fr": "Gestionnaires de programmes ASC, Afrique de l'Ouest et du Centre",
        "description_en": (
            "A closed group for national programme managers to discuss budgets, integration "
            "into health plans and lessons from each country's reforms."
        ),
        "description_fr": (
            "Un groupe fermé pour les gestionnaires de programmes nationaux : budgets, "
            "intégration dans les plans de santé et leçons des réformes de chaque pays."
        ),
        "rules_en": "What is said here stays here.",
        "rules_fr": "Ce qui se dit ici reste ici.",
        "owner": "ministry.planner@example.org",
        "members": ["member@example.org", "facilitator@example.org"],
    },
    {
        "slug": "digital-community-health",
        "original_language": "en",
        "visibility": Visibility.PUBLIC,
        "join_policy": JoinPolicy.OPEN,
        "name_en": "Digital tools for community health",
        "name_fr": "Outils numériques pour la santé communautaire",
        "description_en": (
            "SMS reminders, offline data collection, mobile money for CHW payments: what works "
            "where phones are basic and connections are poor."
        ),
        "description_fr": (
            "Rappels par SMS, collecte de données hors ligne, mobile money pour payer les ASC : "
            "ce qui fonctionne quand les téléphones sont simples et les connexions faibles."
        ),
        "rules_en": "Name the tool and the context. No sales pitches.",
        "rules_fr": "Précisez l'outil et le contexte. Pas de démarchage commercial.",
        "owner": "staff@example.org",
        "members": ["startup@example.org", "member@example.org"],
    },
]


@transaction.atomic
def load(*, stdout=None) -> list:
    people = {user.email: user for user in User.objects.filter(email__endswith="@example.org")}
    for spec in COMMUNITIES:
        spec = dict(spec)
        owner = people[spec.pop("owner")]
        members = [people[e] for e in spec.pop("members")]
        pending = [people[e] for e in spec.pop("pending", [])]
        slug = spec.pop("slug")
        spec["name"], spec["description"], spec["rules"] = (
            spec["name_en"],
            spec["description_en"],
            spec["rules_en"],
        )
        community, _created = Community.objects.update_or_create(
            slug=slug, defaults={**spec, "created_by": owner}
        )
        wanted = [(owner, Role.OWNER, Status.ACTIVE)]
        wanted += [(m, Role.MEMBER, Status.ACTIVE) for m in members]
        wanted += [(p, Role.MEMBER, Status.PENDING) for p in pending]
        for person, role, status in wanted:
            Membership.objects.get_or_create(
                community=community,
                user=person,
                defaults={
                    "role": role,
                    "status": status,
                    "message": "J'aimerais apprendre des autres équipes de riposte."
                    if status == Status.PENDING
                    else "",
                },
            )
            policies.forget_memberships(person)
    return []
