"""Resources in the admin site: for looking things up. Texts change through revisions
(commons.services) so that the history stays whole: revised fields, revisions and
attachments are read-only here; a resource is made on the site (its revision 1). Its places
(who may decide on proposals) can be corrected, and a resource deleted."""

from django.contrib import admin

from placette.commons.models import REVISED_FIELDS, Attachment, Resource, Revision


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    fields = ("number", "status", "author", "note", "created_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("title", "file", "content_type", "size", "uploaded_by")
    readonly_fields = fields
    can_delete = False  # services.delete_attachment, on the resource's files page

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "licence", "updated_at")
    list_filter = ("kind", "licence")
    search_fields = ("title", "slug")
    raw_id_fields = ("places",)
    readonly_fields = ("slug", *REVISED_FIELDS, "created_by", "created_at", "updated_at")
    inlines = [RevisionInline, AttachmentInline]

    def has_add_permission(self, request) -> bool:
        return False  # services.create_resource, with its revision 1


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Read-only: the history is written by the services only."""

    list_display = ("resource", "number", "status", "author", "created_at")
    list_filter = ("status",)
    search_fields = ("resource__title", "note")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
