"""Discovery pages under ``/compendium/``: the Atom feeds and the statistics.

(``/sitemap.xml`` lives at the site's root: see ``baraza/urls.py``.)
"""

from django.urls import path

from baraza.compendium.views import discovery

urlpatterns = [
    path("feeds/experiences.atom", discovery.ExperiencesFeed(), name="feed_experiences"),
    path("feeds/editions.atom", discovery.EditionsFeed(), name="feed_editions"),
    path("statistics/", discovery.statistics_page, name="statistics"),
    path("statistics/<slug:chart>.csv", discovery.statistics_csv, name="statistics_csv"),
]
