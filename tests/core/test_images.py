"""Uploaded pictures lose their metadata (GPS above all) and their excess pixels."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

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


def declared_png(width: int, height: int, rows: int = 1) -> bytes:
    """A PNG whose header declares width x height grey pixels but holds only `rows` rows:
    a few hundred bytes that would cost width x height bytes of memory once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    pixels = zlib.compress(b"\0" * ((width + 1) * rows), 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_the_pixel_count_is_checked_from_the_header_before_decoding():
    with pytest.raises(ValidationError, match="plus de 40 millions de pixels") as caught:
        images.clean_upload(SimpleUploadedFile("carte.png", declared_png(13000, 13000)))
    assert caught.value.code == "too_many_pixels"


def test_the_pixel_limit_is_a_setting(settings):
    settings.PLACETTE_IMAGE_MAX_MEGAPIXELS = 1
    with pytest.raises(ValidationError, match="plus de 1 millions de pixels"):
        images.clean_upload(_photo("PNG", size=(1200, 1000)))
    assert images.clean_upload(_photo("PNG", size=(1000, 1000)))


def test_a_decompression_bomb_is_a_clear_refusal():
    # Over 2 x Pillow's MAX_IMAGE_PIXELS (179 Mpx): Pillow itself raises at open().
    with pytest.raises(ValidationError, match="trop grande"):
        images.clean_upload(SimpleUploadedFile("bombe.png", declared_png(20000, 10000)))


BAD_EXIF = [b"garbage", b"Exif\x00\x00not a tiff", b"II*\x00\xff\xff\xff\x00"]


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
@pytest.mark.parametrize("exif", BAD_EXIF)
def test_malformed_exif_is_re_encoded_without_rotation(fmt, exif):
    out = BytesIO()
    Image.new("RGB", (30, 20), (10, 20, 30)).save(out, format=fmt, exif=exif)
    cleaned = images.clean_upload(SimpleUploadedFile(f"x.{fmt.lower()}", out.getvalue()))
    with Image.open(BytesIO(cleaned.read())) as result:
        assert result.size == (30, 20)
        assert "exif" not in result.info


SECRET = "Jean Dupont 06 12 34 56 78"
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>{SECRET}</rdf:Description>'
XMP += "</x:xmpmeta>"


def _with_metadata(fmt: str) -> bytes:
    image = Image.new("RGB", (40, 30), (200, 120, 40))
    out = BytesIO()
    if fmt == "JPEG":
        image.save(out, format=fmt, comment=SECRET, icc_profile=ICC, xmp=XMP.encode())
    elif fmt == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Author", SECRET)
        text.add_itxt("Comment", SECRET)
        text.add_text("Description", SECRET, zip=True)
        image.save(out, format=fmt, pnginfo=text, icc_profile=ICC)
    else:
        image.save(out, format=fmt, icc_profile=ICC, xmp=XMP.encode())
    return out.getvalue()


def _png_chunks(data: bytes) -> list[bytes]:
    kinds, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kinds.append(data[at + 4 : at + 8])
        at += 12 + length
    return kinds


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_comments_text_xmp_and_colour_profiles_are_gone(fmt):
    planted = _with_metadata(fmt)
    assert SECRET.encode() in planted or fmt == "PNG"  # zTXt is compressed
    data = images.clean_upload(SimpleUploadedFile(f"x.{fmt.lower()}", planted)).read()
    assert SECRET.encode() not in data and b"xmpmeta" not in data
    if fmt == "JPEG":
        assert b"\xff\xfe" not in data  # no COM segment
        assert b"ICC_PROFILE" not in data and b"http://ns.adobe.com/xap" not in data
    elif fmt == "PNG":
        assert _png_chunks(data) == [b"IHDR", b"IDAT", b"IEND"]
    else:
        assert not {b"ICCP", b"EXIF", b"XMP "} & {data[i : i + 4] for i in range(12, len(data))}
    with Image.open(BytesIO(data)) as result:
        assert not ({"comment", "icc_profile", "xmp", "exif"} & set(result.info))
        assert result.getpixel((0, 0))[:3] == pytest.approx((200, 120, 40), abs=4)
