from django.conf import settings

from baraza.core import navigation


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "nav_items": navigation.items_for(request.path),
    }
