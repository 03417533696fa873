"""The learning pages, under ``/learning/``; each views module brings its own patterns."""

from baraza.learning.views import authoring, exports, learner, workshops

app_name = "learning"

urlpatterns = [
    *learner.urlpatterns,
    *authoring.urlpatterns,
    *workshops.urlpatterns,
    *exports.urlpatterns,
]
