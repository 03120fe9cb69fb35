"""Uploaded pictures lose their metadata (GPS above all) and their excess pixels."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from placette.core import images

GPS_IFD = 0x8825


def _photo(fmt: str = "JPEG", size=(3000, 2000)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° to show
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (48.0, 6.0, 0.0), 3: "W", 4: (1.0, 40.0, 0.0)})
    out = BytesIO()
    image.save(out, format=fmt, exif=exif)
    return SimpleUploadedFile(f"IMG 2041 <b>.{fmt.lower()}", out.getvalue())


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_metadata_is_gone_and_the_picture_is_upright_and_smaller(fmt):
    cleaned = images.clean_upload(_photo(fmt))
    with Image.open(BytesIO(cleaned.read())) as result:
        assert result.format == fmt
        assert not result.getexif()  # no Make, no GPS, no orientation left
        assert "exif" not in result.info
        assert result.size == (1067, 1600)  # turned as the orientation said, then capped
    assert cleaned.name == f"img-2041-b.{images.FORMATS[fmt]}"


def test_what_is_not_a_picture_is_refused():
    with pytest.raises(ValidationError):
        images.clean_upload(SimpleUploadedFile("x.jpg", b"<script>alert(1)</script>"))
    gif = BytesIO()
    Image.new("RGB", (4, 4)).save(gif, format="GIF")
    with pytest.raises(ValidationError, match="Format"):
        images.clean_upload(SimpleUploadedFile("x.gif", gif.getvalue()))
