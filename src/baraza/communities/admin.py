from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from baraza.communities.models import Community, Invitation, Membership
from baraza.search import services as search


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("user", "role", "status", "created_at")
    raw_id_fields = ("user",)
    extra = 0


@admin.register(Community)
class CommunityAdmin(TranslationAdmin):
    list_display = ("name", "slug", "visibility", "join_policy", "is_featured")
    list_filter = ("visibility", "join_policy", "is_featured")
    search_fields = ("slug", "name_en", "name_fr")
    inlines = [MembershipInline]

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        search.remove_community(pk)

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        for pk in pks:
            search.remove_community(pk)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "community", "created_at", "expires_at", "accepted_at", "revoked_at")
    list_select_related = ("community",)
    search_fields = ("email",)
    # Revoking is the one edit that makes sense: the link is signed and was emailed already.
    fields = ("community", "email", "invited_by", "expires_at", "accepted_at", "revoked_at")
    readonly_fields = ("community", "email", "invited_by", "expires_at", "accepted_at")
