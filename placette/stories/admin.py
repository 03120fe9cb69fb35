"""Stories in the admin site: for looking things up, fixing a story's text and deleting it,
both through stories.services (search text; files removed with the story). The lifecycle,
authors, photos and videos are read-only here: they move on the story's own pages
(e-mails, EXIF-free photos and their variants)."""

from django.contrib import admin

from placette.stories import permissions, services
from placette.stories.models import Photo, Story, Video


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ("image", "alt", "caption", "credit", "consent", "position")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class VideoInline(admin.TabularInline):
    model = Video
    extra = 0
    fields = ("title", "provider", "url", "file", "position")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "published_at", "created_at")
    list_filter = ("status", "licence")
    search_fields = ("title", "slug", "search_text")
    readonly_fields = (
        "slug",
        "status",
        "published_at",
        "authors",
        "created_by",
        "search_text",
        "created_at",
        "updated_at",
    )
    exclude = ("places", "events")
    inlines = [PhotoInline, VideoInline]

    def has_add_permission(self, request) -> bool:
        return False  # services.create_story, on the writing page

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit_story(request.user, obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit_story(request.user, obj))

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.STORY_FIELDS
        }
        services.update_story(story=obj, fields=fields, by=request.user)

    def delete_model(self, request, obj):
        services.delete_story(story=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for story in queryset:
            self.delete_model(request, story)
