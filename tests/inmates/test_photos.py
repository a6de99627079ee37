"""The pas foto: re-encoded without metadata, refused when it is no picture, seen only by the
facility's staff."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from inmates.photos import inmate_photo_set
from tests import factories
from tests.helpers import audit_actions

pytestmark = pytest.mark.django_db


def camera_picture(size=(3000, 4000)) -> bytes:
    """A phone picture: sideways by its EXIF orientation, with where and when it was taken."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees to be upright
    exif[0x010F] = "Kamera Ponsel"  # maker
    exif[0x9003] = "2026:11:30 10:00:00"  # taken at
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def inmate(facility):
    return factories.InmateFactory(facility=facility, full_name="Budi Santoso")


def test_a_camera_picture_is_kept_as_a_small_clean_3x4_jpeg(operator, inmate):
    upload = SimpleUploadedFile("IMG_0001.jpg", camera_picture((4000, 3000)), "image/jpeg")
    inmate = inmate_photo_set(actor=operator, inmate=inmate, upload=upload)
    with inmate.photo.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (450, 600)
        assert not stored.getexif()
    assert audit_actions()[-1] == "inmate.photo_changed"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("foto.jpg", b"not a picture at all"),
        ("foto.gif", b"GIF89a" + b"\x00" * 64),
        ("foto.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
    ],
)
def test_what_is_not_a_picture_is_refused_next_to_the_field(
    client, operator, inmate, name, content
):
    client.force_login(operator)
    response = client.post(
        reverse("inmates:photo_edit", args=[inmate.pk]),
        {"photo": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    inmate.refresh_from_db()
    assert not inmate.photo


def test_a_huge_file_is_refused(client, operator, inmate, settings):
    client.force_login(operator)
    big = SimpleUploadedFile("besar.jpg", b"\xff\xd8" + b"0" * (8 * 1024 * 1024 + 1))
    response = client.post(reverse("inmates:photo_edit", args=[inmate.pk]), {"photo": big})
    assert response.context["form"].errors["photo"] == ["Foto terlalu besar (maksimal 8 MB)."]


def test_the_photo_is_served_privately_to_the_facility_only(
    client, settings, operator, head, agency_admin, instructor, other_operator, inmate
):
    inmate = inmate_photo_set(
        actor=operator,
        inmate=inmate,
        upload=SimpleUploadedFile("foto.jpg", camera_picture((600, 800))),
    )
    url = reverse("inmates:photo", args=[inmate.pk])
    for staff in (operator, head):
        client.force_login(staff)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, no-store"
    for outsider in (agency_admin, instructor, other_operator):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    # The stored file itself is not served from a public media address.
    client.force_login(operator)
    assert client.get(settings.MEDIA_URL + inmate.photo.name).status_code == 404


def test_the_photo_can_be_removed(client, operator, inmate):
    inmate_photo_set(
        actor=operator, inmate=inmate, upload=SimpleUploadedFile("f.jpg", camera_picture((60, 80)))
    )
    client.force_login(operator)
    client.post(reverse("inmates:photo_edit", args=[inmate.pk]), {"remove": "1"})
    inmate.refresh_from_db()
    assert not inmate.photo
    assert client.get(reverse("inmates:photo", args=[inmate.pk])).status_code == 404


def test_nothing_but_the_pixels_is_kept(operator, inmate):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), "white").save(
        buffer, format="JPEG", comment=b"Lapas Kelas IIB Lamongan"
    )
    inmate = inmate_photo_set(
        actor=operator, inmate=inmate, upload=SimpleUploadedFile("f.jpg", buffer.getvalue())
    )
    with inmate.photo.open("rb") as handle:
        assert b"Lamongan" not in handle.read()
