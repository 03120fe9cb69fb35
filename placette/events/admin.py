"""The agenda in the admin site: for looking things up. Lifecycle fields (status, sequence,
rule, feed) are read-only here: they move through events.services, which tells registrants."""

from django.contrib import admin

from placette.events.models import CalendarFeed, Event, Occurrence, Registration


class OccurrenceInline(admin.TabularInline):
    model = Occurrence
    extra = 0
    fields = ("start", "end", "status", "mode", "commune", "capacity", "from_rule", "sequence")
    readonly_fields = ("start", "end", "status", "mode", "commune", "from_rule", "sequence")
    show_change_link = True
    can_delete = False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "place", "kind", "status", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("title", "slug", "place__name")
    raw_id_fields = ("place", "created_by", "feed")
    readonly_fields = (
        "uid",
        "status",
        "sequence",
        "rrule",
        "skip_school_holidays",
        "feed",
        "external_uid",
        "created_at",
        "updated_at",
    )
    inlines = [OccurrenceInline]


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    list_display = ("event", "start", "status", "mode", "commune")
    list_filter = ("status", "mode")
    search_fields = ("event__title", "commune", "venue")
    raw_id_fields = ("event", "place")
    readonly_fields = ("uid", "status", "original_start", "from_rule", "sequence", "reminded_at")


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("name", "occurrence", "status", "attendance", "created_at")
    list_filter = ("status", "attendance")
    search_fields = ("name", "email", "occurrence__event__title")
    raw_id_fields = ("occurrence", "registered_by", "user")
    readonly_fields = ("token", "status", "created_at", "cancelled_at", "promoted_at")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("url", "place", "active", "fetched_at", "last_error")
    list_filter = ("active",)
    search_fields = ("url", "place__name")
    raw_id_fields = ("place", "created_by")
    readonly_fields = ("fetched_at", "etag", "last_modified", "last_error", "created_at")
