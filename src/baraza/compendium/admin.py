from django.contrib import admin

from baraza.compendium.models import CriteriaSet, Criterion, Experience, ExperienceVersion


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("version", "name_en", "state", "activated_at")
    inlines = [CriterionInline]


@admin.register(Experience)
class ExperienceAdmin(admin.ModelAdmin):
    """Read-mostly: records change through the curation pages, which keep the audit trail."""

    list_display = ("identifier", "title_en", "status", "label", "version_number")
    list_filter = ("status", "label", "who_region")
    search_fields = ("identifier", "title_en", "title_fr")
    readonly_fields = [f.name for f in Experience._meta.concrete_fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A published record is withdrawn (it leaves a tombstone), never deleted: citations
        # must keep resolving, and search must not point at a page that is gone.
        return False


@admin.register(ExperienceVersion)
class ExperienceVersionAdmin(admin.ModelAdmin):
    list_display = ("experience", "number", "label", "published_at")
    readonly_fields = (
        "experience",
        "number",
        "data",
        "label",
        "criteria_set",
        "change_note",
        "published_at",
        "published_by",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # versions are immutable
