from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

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


@admin.register(Country)
class CountryAdmin(TranslationAdmin):
    list_display = ("code", "name", "who_region", "timezone")
    list_filter = ("who_region",)
    search_fields = ("code", "name_en", "name_fr")


@admin.register(Language)
class LanguageAdmin(TranslationAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name_en", "name_fr")


@admin.register(StakeholderType)
class StakeholderTypeAdmin(TranslationAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name_en",)}


class TermAdmin(TranslationAdmin):
    """An ordered, bilingual vocabulary: names in both languages, the order, and the slug that
    records and the API refer to."""

    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name_en",)}


for _model in (
    Setting,
    Phase,
    HealthArea,
    EngagementApproach,
    EngagementLevel,
    EvidenceType,
    PopulationGroup,
    PartnerType,
):
    admin.site.register(_model, TermAdmin)
