from django.contrib import admin

from placette.sources.models import DataSource, DuplicatePair, ImportRun


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = ["label", "slug", "licence"]


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
