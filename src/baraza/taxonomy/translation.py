from modeltranslation.translator import TranslationOptions, register

from baraza.taxonomy.models import (
    Country,
    EngagementApproach,
    EngagementLevel,
    EvidenceType,
    HealthArea,
    Language,
    PartnerType,
    Phase,
    PopulationGroup,
    Setting,
    StakeholderType,
    Theme,
)


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en", "fr")


@register(Language)
class LanguageTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en", "fr")


@register(StakeholderType)
class StakeholderTypeTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en", "fr")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en", "fr")


@register(EngagementLevel)
class EngagementLevelTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en", "fr")


class _NameTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en", "fr")


for _model in (
    Setting,
    Phase,
    HealthArea,
    EngagementApproach,
    EvidenceType,
    PopulationGroup,
    PartnerType,
):
    register(_model)(type(f"{_model.__name__}Translation", (_NameTranslation,), {}))
