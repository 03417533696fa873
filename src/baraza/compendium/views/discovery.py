"""Discovery: sitemap.xml, Atom feeds, statistics (filled in by the next commit)."""

from django.http import Http404


def sitemap(request):
    raise Http404
