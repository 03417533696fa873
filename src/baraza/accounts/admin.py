from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from baraza.accounts import services
from baraza.accounts.models import Profile, User
from baraza.search import services as search


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ("languages", "themes")
    # Gender is self-described and private: not even staff read it one member at a time.
    exclude = ("gender",)


class MemberCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")


class MemberChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = MemberCreationForm
    form = MemberChangeForm
    ordering = ("email",)
    list_display = ("email", "display_name", "country", "language", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "language", "groups")
    search_fields = ("email", "display_name")
    list_select_related = ("country",)
    readonly_fields = ("last_login", "date_joined", "deleted_at")
    inlines = [ProfileInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Member"), {"fields": ("display_name", "country", "language", "timezone")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined", "deleted_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "display_name", "password1", "password2"),
            },
        ),
    )

    def save_related(self, request, form, formsets, change):
        """After the member and their profile are saved: staff may have deactivated them or
        changed what their profile shows."""
        super().save_related(request, form, formsets, change)
        services.member_changed(member=form.instance)

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        search.remove("member", [pk])

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        search.remove("member", pks)


# Staff may verify, un-verify or delete addresses here; each changes whether the member is
# listed in the directory, and so whether search finds them.
admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(AllauthEmailAddressAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.member_changed(member=obj.user)

    def delete_model(self, request, obj):
        member = obj.user
        super().delete_model(request, obj)
        services.member_changed(member=member)

    def delete_queryset(self, request, queryset):
        members = list(User.objects.filter(emailaddress__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for member in members:
            services.member_changed(member=member)

    @admin.action(description=AllauthEmailAddressAdmin.make_verified.short_description)
    def make_verified(self, request, queryset):
        members = list(User.objects.filter(emailaddress__in=queryset).distinct())
        super().make_verified(request, queryset)
        for member in members:
            services.member_changed(member=member)
