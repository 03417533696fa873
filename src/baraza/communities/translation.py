from modeltranslation.translator import TranslationOptions, register

from baraza.communities.models import Community


@register(Community)
class CommunityTranslation(TranslationOptions):
    fields = ("name", "description", "rules")
    required_languages = ("en", "fr")
