from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from baraza.discussions import services as discussion_services
from baraza.discussions.models import Delivery
from baraza.mail import outbound, queries, services
from baraza.mail.forms import DEFAULT, STOP, SettingsForm, follow_choices


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    user = request.user
    profile = queries.profile_of(user)
    if request.method == "POST" and request.POST.get("action") == "revoke":
        services.revoke_reply_addresses(user=user)
        messages.success(
            request,
            _("Reply addresses in your earlier emails no longer work. New emails carry new ones."),
        )
        return redirect("mail:settings")
    form = SettingsForm(
        request.POST or None,
        initial={
            "topic_delivery": profile.topic_delivery,
            "community_delivery": profile.community_delivery,
            "mentions": profile.mentions,
            "paused": profile.paused,
        },
    )
    rows = queries.followed_rows(user)
    if request.method == "POST" and form.is_valid():
        services.update_settings(user=user, **form.cleaned_data)
        valid = {DEFAULT, STOP, *Delivery.values}
        for row in rows:
            chosen = request.POST.get(row.field_name)
            if chosen is None or chosen not in valid or chosen == row.delivery:
                continue
            if chosen == STOP:
                discussion_services.unfollow(user=user, **row.target)
            else:
                services.set_delivery(user=user, delivery=chosen, **row.target)
        messages.success(request, _("Your email settings have been saved."))
        return redirect("mail:settings")
    defaults = dict(Delivery.choices)
    for row in rows:
        default = profile.topic_delivery if row.kind == "topic" else profile.community_delivery
        row.choices = follow_choices(_("My default (%(choice)s)") % {"choice": defaults[default]})
    return render(
        request,
        "mail/settings.html",
        {
            "form": form,
            "rows": rows,
            "addresses": queries.posting_addresses(user),
        },
    )


@csrf_exempt  # RFC 8058: mail providers POST here without cookies or a CSRF token.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    found = outbound.read_unsubscribe_token(token)
    user = None
    if found is not None:
        user = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if user is None:
        return render(request, "mail/unsubscribe.html", {"invalid": True}, status=400)
    scope = found[1]
    context = {"scope": scope, "described": queries.describe_scope(scope), "token": token}
    if request.method == "POST":
        everything = request.POST.get("scope") == "all"
        services.unsubscribe(user=user, scope="all" if everything else scope)
        context.update(done=True, everything=everything)
    return render(request, "mail/unsubscribe.html", context)
