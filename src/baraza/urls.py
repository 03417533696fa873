from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from baraza.compendium.views import discovery
from baraza.core import views as core_views

handler400 = "baraza.core.views.bad_request"
handler403 = "baraza.core.views.permission_denied"
handler404 = "baraza.core.views.page_not_found"
handler500 = "baraza.core.views.server_error"
# allauth's rate limiter looks for this name in the root URLconf.
handler429 = "baraza.core.views.too_many_requests"

# The admin's log-in goes through allauth (rate limits, two-factor); non-staff get a 403.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = admin.site.site_title = "Baraza"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    # Calendar apps fetch feeds without a language prefix (and without logging in).
    path("calendars/", include("baraza.events.feed_urls")),
    # Harvesters and API clients use fixed addresses, without a language prefix.
    path("", include("baraza.oai.urls")),
    path("api/v1/", include("baraza.api.urls")),
    path("sitemap.xml", discovery.sitemap, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("", include("baraza.accounts.urls")),
    path("", include("baraza.communities.urls")),
    path("", include("baraza.discussions.urls")),
    path("", include("baraza.library.urls")),
    path("", include("baraza.events.urls")),
    path("", include("baraza.reports.urls")),
    path("", include("baraza.mail.urls")),
    path("", include("baraza.editions.urls")),
    path("", include("baraza.learning.urls")),
    path("", include("baraza.search.urls")),
    path("", include("baraza.compendium.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
