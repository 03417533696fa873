from modeltranslation.translator import TranslationOptions, register

from baraza.taxonomy.models import Country, Language, StakeholderType, Theme


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
