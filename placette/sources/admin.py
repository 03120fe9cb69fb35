"""Sources in the admin site. A source's credit (label, licence, addresses) can be corrected;
its slug is the key places carry (Place.source), so it is set once, when the source is
added (before its first import, or by the import itself). Runs and duplicate
pairs are made and decided by sources.services, on the staff pages: read-only here."""

from django.contrib import admin
from django.db import models

from placette.sources.models import DataSource, DuplicatePair, ImportRun


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = ["label", "slug", "licence"]
    # Addresses typed without a scheme are https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        return ["created_at"] if obj is None else ["slug", "created_at"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "file_name", "source", "status", "created", "updated", "user"]
    list_filter = ["status", "source"]
    exclude = ["content"]

    def has_add_permission(self, request):
        return False  # runs are made by imports, never by hand

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DuplicatePair)
class DuplicatePairAdmin(admin.ModelAdmin):
    list_display = ["names", "reason", "distance_m", "status", "found_at"]
    list_filter = ["status", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
