"""The criteria set shipped with Baraza (version 1), in English and French.

Loaded by the data migration ``0002_default_criteria``; ``load`` creates the set only when no
criteria set exists yet, so curators' later edits (new versions) are never overwritten.

The shape follows the portals studied for the compendium (the EU Best Practice Portal's
exclusion criteria, then scored core and qualifier criteria): four **gates** that every
experience must pass, then seven **scored** criteria, each scored 0–3 against a written anchor
for every score. Effectiveness and community participation and ownership are *key* criteria:
a label's tier also needs them to reach the tier's threshold (see ``labels.py``).
"""

from django.utils import timezone

GATES: list[dict] = [
    {
        "key": "relevance",
        "name_en": "Relevance",
        "name_fr": "Pertinence",
        "question_en": (
            "Does the experience respond to a health need or priority of the community "
            "concerned, and does community engagement play a real part in it?"
        ),
        "question_fr": (
            "L’expérience répond-elle à un besoin ou à une priorité de santé de la "
            "communauté concernée, et l’engagement communautaire y joue-t-il un rôle réel ?"
        ),
        "is_key": False,
    },
    {
        "key": "clarity",
        "name_en": "Clarity of the intervention",
        "name_fr": "Clarté de l’intervention",
        "question_en": (
            "Is it clear what was done, with whom, where, when and by whom, so that a "
            "reader could understand how the engagement worked?"
        ),
        "question_fr": (
            "Voit-on clairement ce qui a été fait, avec qui, où, quand et par qui, de sorte "
            "qu’un lecteur comprenne comment l’engagement s’est déroulé ?"
        ),
        "is_key": False,
    },
    {
        "key": "evidence-base",
        "name_en": "Evidence or theory base",
        "name_fr": "Fondement factuel ou théorique",
        "question_en": (
            "Does the experience rest on evidence, a stated rationale or a recognised "
            "approach, and does it describe how its results were observed or measured?"
        ),
        "question_fr": (
            "L’expérience s’appuie-t-elle sur des données probantes, une justification "
            "explicite ou une approche reconnue, et décrit-elle comment ses résultats ont été "
            "observés ou mesurés ?"
        ),
        "is_key": False,
    },
    {
        "key": "ethics",
        "name_en": "Ethics",
        "name_fr": "Éthique",
        "question_en": (
            "Were people's consent, dignity, safety and confidentiality respected, with no "
            "sign of harm, coercion or exclusion caused by the intervention?"
        ),
        "question_fr": (
            "Le consentement, la dignité, la sécurité et la confidentialité des personnes "
            "ont-ils été respectés, sans signe de préjudice, de contrainte ou d’exclusion "
            "causés par l’intervention ?"
        ),
        "is_key": False,
    },
]

SCORED: list[dict] = [
    {
        "key": "effectiveness",
        "name_en": "Effectiveness",
        "name_fr": "Efficacité",
        "question_en": (
            "Did the engagement achieve its intended health or engagement outcomes, and how "
            "well is that shown?"
        ),
        "question_fr": (
            "L’engagement a-t-il atteint les résultats de santé ou de participation visés, "
            "et dans quelle mesure cela est-il démontré ?"
        ),
        "is_key": True,
        "anchor_0_en": "No outcome is reported, or the outcomes reported are not linked to "
        "the engagement.",
        "anchor_0_fr": "Aucun résultat n’est rapporté, ou les résultats rapportés ne sont pas "
        "liés à l’engagement.",
        "anchor_1_en": "Outcomes are claimed from anecdotes or impressions (testimonies, "
        "activity counts) with no measurement of change.",
        "anchor_1_fr": "Les résultats sont affirmés à partir d’anecdotes ou d’impressions "
        "(témoignages, nombre d’activités), sans mesure du changement.",
        "anchor_2_en": "Monitoring data or a before-after comparison show an improvement in "
        "at least one health or engagement outcome that the experience aimed at.",
        "anchor_2_fr": "Des données de suivi ou une comparaison avant-après montrent une "
        "amélioration d’au moins un résultat de santé ou de participation visé.",
        "anchor_3_en": "A comparison group, a trial or consistent results across several "
        "sites show a clear improvement in the intended outcomes, attributable to the "
        "engagement.",
        "anchor_3_fr": "Un groupe de comparaison, un essai ou des résultats concordants sur "
        "plusieurs sites montrent une nette amélioration des résultats visés, attribuable à "
        "l’engagement.",
    },
    {
        "key": "efficiency",
        "name_en": "Efficiency",
        "name_fr": "Efficience",
        "question_en": (
            "Were the results obtained with a reasonable use of money, time, staff and "
            "community members' time?"
        ),
        "question_fr": (
            "Les résultats ont-ils été obtenus avec un usage raisonnable de l’argent, du "
            "temps, du personnel et du temps des membres de la communauté ?"
        ),
        "is_key": False,
        "anchor_0_en": "Nothing is said about the resources used.",
        "anchor_0_fr": "Rien n’est dit des ressources utilisées.",
        "anchor_1_en": "The resources are listed (staff, materials, volunteers) but not "
        "costed or related to the results.",
        "anchor_1_fr": "Les ressources sont énumérées (personnel, matériel, bénévoles) mais "
        "ni chiffrées ni rapportées aux résultats.",
        "anchor_2_en": "Costs or staff time are given, and the experience explains why they "
        "are reasonable for what was achieved, including the unpaid time asked of the "
        "community.",
        "anchor_2_fr": "Les coûts ou le temps de travail sont donnés, et l’expérience "
        "explique pourquoi ils sont raisonnables au regard des résultats, y compris le temps "
        "non rémunéré demandé à la communauté.",
        "anchor_3_en": "A cost per person reached, per outcome or a comparison with other "
        "approaches shows the engagement is good value, and it used existing local "
        "structures well.",
        "anchor_3_fr": "Un coût par personne atteinte ou par résultat, ou une comparaison "
        "avec d’autres approches, montre que l’engagement offre un bon rapport "
        "coût-résultat et qu’il a bien utilisé les structures locales existantes.",
    },
    {
        "key": "equity-inclusion",
        "name_en": "Equity and inclusion",
        "name_fr": "Équité et inclusion",
        "question_en": (
            "Did the engagement reach and involve the people most affected or most often "
            "left out (women, young people, people with disabilities, displaced people, "
            "minorities, the poorest)?"
        ),
        "question_fr": (
            "L’engagement a-t-il atteint et associé les personnes les plus touchées ou les "
            "plus souvent laissées de côté (femmes, jeunes, personnes handicapées, personnes "
            "déplacées, minorités, les plus pauvres) ?"
        ),
        "is_key": False,
        "anchor_0_en": "The people engaged are not described, or the engagement left out "
        "groups it should have reached.",
        "anchor_0_fr": "Les personnes associées ne sont pas décrites, ou l’engagement a "
        "laissé de côté des groupes qu’il aurait dû atteindre.",
        "anchor_1_en": "Excluded or vulnerable groups are mentioned, but nothing specific "
        "was done to reach them.",
        "anchor_1_fr": "Des groupes exclus ou vulnérables sont mentionnés, mais rien de "
        "particulier n’a été fait pour les atteindre.",
        "anchor_2_en": "Specific measures reached at least one excluded group (timing, "
        "language, place, separate meetings, support for travel or care), and its "
        "participation is reported.",
        "anchor_2_fr": "Des mesures précises ont permis d’atteindre au moins un groupe exclu "
        "(horaires, langue, lieu, réunions séparées, aide au transport ou à la garde "
        "d’enfants), et sa participation est rapportée.",
        "anchor_3_en": "Excluded groups helped shape the engagement, results are broken down "
        "by group (sex, age, disability or other) and gaps between groups narrowed.",
        "anchor_3_fr": "Les groupes exclus ont contribué à concevoir l’engagement, les "
        "résultats sont ventilés par groupe (sexe, âge, handicap ou autre) et les écarts "
        "entre groupes se sont réduits.",
    },
    {
        "key": "participation-ownership",
        "name_en": "Community participation and ownership",
        "name_fr": "Participation et appropriation communautaires",
        "question_en": (
            "How far did community members take part in deciding, doing and judging the "
            "work, and do they see it as theirs?"
        ),
        "question_fr": (
            "Dans quelle mesure les membres de la communauté ont-ils pris part aux décisions, "
            "à la mise en œuvre et à l’évaluation, et considèrent-ils le travail comme le leur ?"
        ),
        "is_key": True,
        "anchor_0_en": "The community only received information or services; it had no say "
        "in the work.",
        "anchor_0_fr": "La communauté a seulement reçu des informations ou des services ; "
        "elle n’a pas eu voix au chapitre.",
        "anchor_1_en": "The community was consulted (meetings, surveys, listening) but "
        "decisions stayed with the implementers, and what changed as a result is not shown.",
        "anchor_1_fr": "La communauté a été consultée (réunions, enquêtes, écoute), mais les "
        "décisions sont restées aux mains des intervenants, et l’effet de cette consultation "
        "n’est pas montré.",
        "anchor_2_en": "Community members or their structures (committees, leaders, "
        "groups) took part in planning and carrying out the work, and their input visibly "
        "changed it.",
        "anchor_2_fr": "Des membres de la communauté ou ses structures (comités, leaders, "
        "groupes) ont participé à la planification et à la mise en œuvre, et leurs apports "
        "ont visiblement modifié le travail.",
        "anchor_3_en": "The community shared decisions throughout, including the use of "
        "resources and the judging of results, and leads or owns the work now.",
        "anchor_3_fr": "La communauté a partagé les décisions tout au long du travail, y "
        "compris sur l’usage des ressources et l’appréciation des résultats, et elle le "
        "dirige ou se l’est approprié aujourd’hui.",
    },
    {
        "key": "sustainability",
        "name_en": "Sustainability",
        "name_fr": "Pérennité",
        "question_en": (
            "Can the engagement or its effects last after the initial support ends, through "
            "local structures, skills, funding or policy?"
        ),
        "question_fr": (
            "L’engagement ou ses effets peuvent-ils durer après la fin du soutien initial, "
            "grâce aux structures, aux compétences, aux financements ou aux politiques "
            "locales ?"
        ),
        "is_key": False,
        "anchor_0_en": "The work stopped, or is expected to stop, when the project ended, "
        "and nothing is said about what remains.",
        "anchor_0_fr": "Le travail s’est arrêté, ou devrait s’arrêter, à la fin du projet, et "
        "rien n’est dit de ce qui en reste.",
        "anchor_1_en": "Intentions to continue are stated, but no plan, funding or "
        "responsible body is named.",
        "anchor_1_fr": "L’intention de poursuivre est affirmée, mais aucun plan, aucun "
        "financement ni aucune instance responsable n’est indiqué.",
        "anchor_2_en": "A concrete arrangement keeps the work going (a trained local "
        "structure, a budget line, a handover to the health system), though it is recent "
        "or partial.",
        "anchor_2_fr": "Un dispositif concret permet la poursuite du travail (une structure "
        "locale formée, une ligne budgétaire, un transfert au système de santé), même s’il "
        "est récent ou partiel.",
        "anchor_3_en": "The engagement continued for a year or more after external support "
        "ended, or is built into local plans, budgets or policies.",
        "anchor_3_fr": "L’engagement s’est poursuivi un an ou plus après la fin du soutien "
        "extérieur, ou il est inscrit dans les plans, les budgets ou les politiques "
        "locales.",
    },
    {
        "key": "transferability",
        "name_en": "Transferability",
        "name_fr": "Transférabilité",
        "question_en": (
            "Could others use the approach in another setting, and does the experience "
            "give them what they need to adapt it?"
        ),
        "question_fr": (
            "D’autres pourraient-ils utiliser cette approche dans un autre contexte, et "
            "l’expérience leur donne-t-elle de quoi l’adapter ?"
        ),
        "is_key": False,
        "anchor_0_en": "The approach depends on circumstances that cannot be found "
        "elsewhere, or is not described well enough to be repeated.",
        "anchor_0_fr": "L’approche dépend de circonstances introuvables ailleurs, ou n’est "
        "pas assez décrite pour être reproduite.",
        "anchor_1_en": "The main steps are described, but the conditions they needed and "
        "the context are not.",
        "anchor_1_fr": "Les principales étapes sont décrites, mais pas le contexte ni les "
        "conditions dont elles ont eu besoin.",
        "anchor_2_en": "Steps, context, resources, facilitators and barriers are described "
        "well enough for a team elsewhere to judge whether and how to adapt the approach.",
        "anchor_2_fr": "Les étapes, le contexte, les ressources, les facteurs favorables et "
        "les obstacles sont assez décrits pour qu’une équipe ailleurs juge si et comment "
        "adapter l’approche.",
        "anchor_3_en": "The approach has already been adapted, replicated or scaled up in "
        "another setting, or comes with tools or guidance others can use.",
        "anchor_3_fr": "L’approche a déjà été adaptée, reproduite ou étendue dans un autre "
        "contexte, ou elle s’accompagne d’outils ou de guides utilisables par d’autres.",
    },
    {
        "key": "intersectoral-collaboration",
        "name_en": "Intersectoral collaboration",
        "name_fr": "Collaboration intersectorielle",
        "question_en": (
            "Did the engagement bring together the health system and other sectors or "
            "actors (local government, education, water and sanitation, religious and "
            "traditional leaders, civil society, the private sector)?"
        ),
        "question_fr": (
            "L’engagement a-t-il réuni le système de santé et d’autres secteurs ou acteurs "
            "(collectivités locales, éducation, eau et assainissement, leaders religieux et "
            "traditionnels, société civile, secteur privé) ?"
        ),
        "is_key": False,
        "anchor_0_en": "One organisation worked alone, with no link to other sectors or actors.",
        "anchor_0_fr": "Une seule organisation a agi seule, sans lien avec d’autres secteurs "
        "ou acteurs.",
        "anchor_1_en": "Other sectors or actors are named as partners, but their role is "
        "not described.",
        "anchor_1_fr": "D’autres secteurs ou acteurs sont cités comme partenaires, mais leur "
        "rôle n’est pas décrit.",
        "anchor_2_en": "At least one other sector or actor took an active, described part "
        "in planning or carrying out the work.",
        "anchor_2_fr": "Au moins un autre secteur ou acteur a pris une part active et "
        "décrite à la planification ou à la mise en œuvre.",
        "anchor_3_en": "Several sectors shared planning, resources and responsibility "
        "through a standing arrangement (a joint committee, an agreement, shared "
        "budgets), and it shaped the results.",
        "anchor_3_fr": "Plusieurs secteurs ont partagé la planification, les ressources et "
        "les responsabilités dans un cadre durable (comité conjoint, accord, budgets "
        "communs), qui a pesé sur les résultats.",
    },
]


def load(get_model) -> None:
    CriteriaSet = get_model("CriteriaSet")
    Criterion = get_model("Criterion")
    if CriteriaSet.objects.exists() or not GATES:
        return
    criteria_set = CriteriaSet.objects.create(
        version=1,
        name_en="Compendium criteria",
        name_fr="Critères du recueil",
        state="active",
        activated_at=timezone.now(),
    )
    for position, item in enumerate(GATES):
        Criterion.objects.create(criteria_set=criteria_set, kind="gate", position=position, **item)
    for position, item in enumerate(SCORED):
        Criterion.objects.create(
            criteria_set=criteria_set, kind="scored", position=position, **item
        )
