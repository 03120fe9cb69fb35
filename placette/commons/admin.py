"""Resources in the admin site: for looking things up. Texts change through revisions
(commons.services) so that the history stays whole: revised fields are read-only here."""

from django.contrib import admin

from placette.commons.models import REVISED_FIELDS, Attachment, Resource, Revision


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    fields = ("number", "status", "author", "note", "created_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("title", "file", "content_type", "size", "uploaded_by")
    readonly_fields = fields


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "licence", "updated_at")
    list_filter = ("kind", "licence")
    search_fields = ("title", "slug")
    raw_id_fields = ("created_by", "places")
    readonly_fields = (*REVISED_FIELDS, "created_by", "created_at", "updated_at")
    inlines = [RevisionInline, AttachmentInline]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ("resource", "number", "status", "author", "created_at")
    list_filter = ("status",)
    search_fields = ("resource__title", "note")
    raw_id_fields = ("resource", "author", "base", "reverts", "decided_by")
    readonly_fields = (*REVISED_FIELDS, "status", "number", "base", "reverts")

    def has_add_permission(self, request) -> bool:
        return False
