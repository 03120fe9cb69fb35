"""The agenda in the admin site: for looking things up, and for fixing an event's text.
An event's description goes through events.services.update_event (search text, iCalendar
SEQUENCE, the registrants' notice); everything a service must move (status, dates, seats,
place, rule, feed, registrations' state) is read-only here and changes on the organisers'
pages, which staff may use too."""

from django.contrib import admin
from django.db import models

from placette.events.models import CalendarFeed, Event, Occurrence, Registration
from placette.events.services import events as services
from placette.events.services import feeds

# Addresses typed without a scheme are https (Django 6's default, chosen now).
HTTPS = {models.URLField: {"assume_scheme": "https"}}


class OccurrenceInline(admin.TabularInline):
    model = Occurrence
    extra = 0
    fields = ("start", "end", "status", "mode", "commune", "capacity", "from_rule", "sequence")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # services.add_occurrence, on the event's dates page


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "place", "kind", "status", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("title", "slug", "place__name")
    readonly_fields = (
        "uid",
        "slug",
        "place",
        "created_by",
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

    def has_add_permission(self, request) -> bool:
        return False  # services.create_event, with its dates

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # cancel it instead: its registrants are told

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.EVENT_FIELDS
        }
        services.update_event(event=obj, fields=fields, by=request.user)
        obj.refresh_from_db()


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    """Read-only: moving, cancelling or changing a date tells its registrants."""

    list_display = ("event", "start", "status", "mode", "commune")
    list_filter = ("status", "mode")
    search_fields = ("event__title", "commune", "venue")
    formfield_overrides = HTTPS

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """The person's details can be corrected; their seat (status, date, roll call) moves
    through services.registrations (the waiting list, the e-mails)."""

    list_display = ("name", "occurrence", "status", "attendance", "created_at")
    list_filter = ("status", "attendance")
    search_fields = ("name", "email", "code", "occurrence__event__title")
    readonly_fields = (
        "occurrence",
        "status",
        "attendance",
        "user",
        "registered_by",
        "token",
        "code",
        "created_at",
        "cancelled_at",
        "promoted_at",
        "expires_at",
        "confirmed_at",
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # cancel it instead: the seat goes to the waiting list


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """A feed is added on the place's calendars page (its address is checked there); here it
    can be paused, or removed through feeds.remove_feed (its events go, or are cancelled)."""

    list_display = ("url", "place", "active", "fetched_at", "last_error")
    list_filter = ("active",)
    search_fields = ("url", "place__name")
    formfield_overrides = HTTPS
    readonly_fields = (
        "url",
        "place",
        "created_by",
        "fetched_at",
        "etag",
        "last_modified",
        "last_error",
        "skipped",
        "created_at",
    )

    def has_add_permission(self, request) -> bool:
        return False

    def delete_model(self, request, obj):
        feeds.remove_feed(feed=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for feed in queryset:
            self.delete_model(request, feed)
