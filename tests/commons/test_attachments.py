"""Files joined to resources: checked by content (PDF, OpenDocument, images), size-capped,
stored under a name of ours, served from /media/ with the right extension."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from placette.commons.models import Attachment
from placette.commons.services import resources as services
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EVIL_NAME = '"><script>alert(1)</script>.pdf'


def odf(mimetype: str = "application/vnd.oasis.opendocument.text", *, first="mimetype") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if first == "mimetype":
            archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
            archive.writestr("content.xml", "<office:document-content/>")
        else:
            archive.writestr("content.xml", "<office:document-content/>")
            archive.writestr("mimetype", mimetype)
    return out.getvalue()


@pytest.fixture
def setup(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    author = make_user()
    resource = services.create_resource(
        by=author,
        fields={"title": "Les logiciels libres de l'EPN", "kind": "outil", "body": "Liste"},
    )
    client.force_login(author)
    return resource, client, tmp_path


def upload(client, resource, name: str, content: bytes, title: str = "Guide pratique"):
    return client.post(
        reverse("commons:attachments", args=[resource.slug]),
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


def test_a_pdf_is_accepted_and_stored_under_our_name(setup):
    resource, client, media = setup
    response = upload(client, resource, "mon fichier (v2).PDF", PDF, title="Guide de l'EPN")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert Path(attachment.file.name).name == "guide-de-lepn.pdf"
    assert (media / attachment.file.name).read_bytes() == PDF
    html = client.get(resource.get_absolute_url()).content.decode()
    assert attachment.file.url in html and attachment.file.url.startswith("/media/")
    assert "(PDF, " in html


def test_an_odt_is_accepted_with_its_extension(setup):
    resource, client, media = setup
    assert upload(client, resource, "notes.bin", odf()).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/vnd.oasis.opendocument.text"
    assert attachment.file.name.endswith("guide-pratique.odt")
    assert upload(client, resource, "t.ods", odf("application/vnd.oasis.opendocument.spreadsheet"))
    assert Attachment.objects.filter(file__endswith=".ods").count() == 1


def test_an_image_is_re_encoded(setup):
    resource, client, media = setup
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, format="PNG")
    assert upload(client, resource, "photo.jpg", out.getvalue()).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"
    assert attachment.file.name.endswith("guide-pratique.png")


@pytest.mark.parametrize(
    "name,content",
    [
        ("x.pdf", b"<html><script>alert(1)</script></html>"),  # HTML named .pdf
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
        ("faux.odt", odf("application/zip")),  # a zip that is not OpenDocument
        ("faux.odt", odf(first="content")),  # mimetype not the first entry
        ("archive.zip", b"PK\x03\x04 pas un vrai zip"),
        ("image.png", b"\x89PNG\r\n\x1a\n pas une image"),
    ],
)
def test_other_content_is_refused_whatever_its_name(setup, name, content):
    resource, client, media = setup
    response = upload(client, resource, name, content)
    assert response.status_code == 400
    assert 'aria-describedby="id_file_helptext id_file_error"' in response.content.decode()
    assert not Attachment.objects.exists()
    assert not any(media.rglob("*.*"))


def test_an_over_size_file_is_refused(setup, settings):
    resource, client, media = setup
    settings.PLACETTE_ATTACHMENT_MAX_MB = 1
    response = upload(client, resource, "gros.pdf", PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400
    assert "Fichier trop lourd : 1 Mo au plus." in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_hostile_file_name_is_never_shown_nor_used(setup):
    resource, client, media = setup
    response = upload(client, resource, EVIL_NAME, PDF, title=f"Titre {EVIL_NAME}")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert "<" not in attachment.file.name and "script" in attachment.file.name  # slugified
    assert Path(attachment.file.name).name == "titre-scriptalert1scriptpdf.pdf"
    for url in (resource.get_absolute_url(), reverse("commons:attachments", args=[resource.slug])):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "Titre &quot;&gt;&lt;script&gt;" in html
    # A refused upload with that name does not echo it either.
    response = upload(client, resource, EVIL_NAME, b"<html></html>")
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_removing_a_file_deletes_it(setup, django_capture_on_commit_callbacks):
    resource, client, media = setup
    upload(client, resource, "a.pdf", PDF)
    attachment = Attachment.objects.get()
    stored = media / attachment.file.name
    assert stored.exists()
    url = reverse("commons:attachment_delete", args=[resource.slug, attachment.pk])
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not stored.exists()


def test_an_image_of_absurd_dimensions_is_a_clear_refusal(setup):
    from tests.core.test_images import declared_png

    resource, client, media = setup
    response = upload(client, resource, "plan.png", declared_png(20000, 10000))  # 200 Mpx
    assert response.status_code == 400
    assert "Cette image est trop grande" in response.content.decode()
    assert not Attachment.objects.exists()
