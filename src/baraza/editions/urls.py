"""The editions pages, under ``/compendium/editions/``."""

app_name = "editions"

urlpatterns: list = []
