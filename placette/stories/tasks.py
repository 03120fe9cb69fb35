"""Background tasks of stories (django-tasks): the responsive variants of a photo. DAILY: queued
by `manage.py housekeeping`."""

from django.core.files.storage import default_storage
from django_tasks import task

from placette.stories import photos as uploads
from placette.stories.models import Photo


@task()
def make_photo_variants(*, photo_id: int) -> int:
    """Write the variants of a photo (uploads.write_variants); returns how many widths.
    A photo deleted before the worker came by is skipped."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None or not photo.image:
        return 0
    variants = uploads.write_variants(photo)
    if not Photo.objects.filter(pk=photo_id).update(variants=variants):
        # Deleted meanwhile: its variants would be orphans.
        for variant in variants:
            default_storage.delete(variant["webp"])
            default_storage.delete(variant["jpeg"])
        return 0
    return len(variants)


@task()
def make_missing_variants() -> int:
    """Variants of photos whose task was lost (a worker stopped mid-way): run daily by
    `manage.py housekeeping`. Returns how many photos were done."""
    done = 0
    for photo_id in Photo.objects.filter(variants=[]).values_list("pk", flat=True):
        done += bool(make_photo_variants.call(photo_id=photo_id))
    return done


DAILY = (make_missing_variants,)  # photos whose variants were never made
