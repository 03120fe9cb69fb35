"""Stories in the admin site: for looking things up. Status and files are read-only here:
they move through stories.services (lifecycle, e-mails, EXIF-free photos and their variants)."""

from django.contrib import admin

from placette.stories import services
from placette.stories.models import Photo, Story, Video


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ("image", "alt", "caption", "credit", "consent", "position")
    readonly_fields = ("image", "consent")
    can_delete = False


class VideoInline(admin.TabularInline):
    model = Video
    extra = 0
    fields = ("title", "provider", "url", "file", "position")
    readonly_fields = ("provider", "url", "file")
    can_delete = False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "published_at", "created_at")
    list_filter = ("status", "licence")
    search_fields = ("title", "slug", "search_text")
    raw_id_fields = ("created_by",)
    filter_horizontal = ("authors",)
    readonly_fields = ("status", "published_at", "search_text", "created_at", "updated_at")
    exclude = ("places", "events")
    inlines = [PhotoInline, VideoInline]

    def save_model(self, request, obj, form, change):
        obj.search_text = services.search_text_of(obj)  # as services.update_story keeps it
        super().save_model(request, obj, form, change)
