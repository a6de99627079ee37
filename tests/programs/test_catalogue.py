"""The SKKNI catalogue: shipped units, the code check, picking units, importing a file."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lapas_training.models import AuditEvent
from programs.models import CompetencyUnit, StandardUnit
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_catalogue_ships_the_public_welding_and_catfish_units():
    welding = StandardUnit.objects.get(code="C.25LAS01.028.1")
    assert welding.title == "Membuat Sambungan Las Fillet sesuai WPS"
    assert welding.verified and "98/2018" in welding.standard
    assert StandardUnit.objects.filter(code__startswith="PRK.CF", verified=True).count() == 6
    assert StandardUnit.objects.get(code="KYU.MBL.002(1)A").verified is False


@pytest.mark.parametrize("code", ["C.25LAS01.001.1", "PRK.CF01.001.01", "KYU.MBL.002(1)A"])
def test_unit_codes_of_every_style_pass(code):
    StandardUnit(code=code, title="Judul", standard="Kepmenaker").full_clean(validate_unique=False)


@pytest.mark.parametrize(
    ("code", "title"),
    [("las.01", "Judul"), ("=HYPERLINK(1)", "Judul"), ("AB", "Judul"), ("LAS.01", "=1+1")],
)
def test_odd_codes_and_formula_titles_are_refused(code, title):
    with pytest.raises(ValidationError):
        StandardUnit(code=code, title=title, standard="Kepmenaker").full_clean()


def test_a_program_unit_picked_from_the_catalogue_prints_its_code_and_title():
    standard = StandardUnit.objects.get(code="PRK.CF02.007.01")
    unit = CompetencyUnit(program=factories.ProgramFactory(), position=1, standard_unit=standard)
    unit.full_clean()
    assert (unit.code, unit.title) == ("PRK.CF02.007.01", "Memanen Ikan")
    typed = CompetencyUnit(program=unit.program, position=2)
    with pytest.raises(ValidationError) as caught:
        typed.full_clean()
    assert set(caught.value.message_dict) == {"code", "title"}


def import_file(client, content: bytes):
    """Upload a CSV to the admin import; return the preview page."""
    return client.post(
        reverse("admin:programs_standardunit_import"),
        {
            "resource": 0,
            "format": 0,
            "import_file": SimpleUploadedFile("katalog.csv", content, "text/csv"),
        },
    )


def test_an_administrator_imports_a_catalogue_file_after_a_preview(client, system_admin):
    system_admin.is_staff = True
    system_admin.save()
    client.force_login(system_admin)
    content = (
        b"kode,judul,standar,sudah_diperiksa\n"
        b"C.25LAS01.002.1,Menggunakan Alat Ukur,Kepmenaker 98/2018,1\n"
        b"PRK.CF02.007.01,Memanen Ikan,Kep.37/MEN/III/2010,1\n"
    )
    preview = import_file(client, content)
    assert preview.status_code == 200
    assert not StandardUnit.objects.filter(code="C.25LAS01.002.1").exists()  # nothing yet
    confirm = preview.context["confirm_form"].initial
    client.post(reverse("admin:programs_standardunit_process_import"), confirm)
    assert StandardUnit.objects.get(code="C.25LAS01.002.1").title == "Menggunakan Alat Ukur"
    event = AuditEvent.objects.get(action="standardunit.imported")
    assert event.data == {"new": 1, "update": 1}  # the second row renamed its standard
    assert StandardUnit.objects.get(code="PRK.CF02.007.01").standard == "Kep.37/MEN/III/2010"
    again = import_file(client, content)  # the same file again changes nothing
    assert again.context["result"].totals["skip"] == 2


def test_an_import_with_a_bad_row_saves_nothing(client, system_admin):
    system_admin.is_staff = True
    system_admin.save()
    client.force_login(system_admin)
    content = (
        b"kode,judul,standar,sudah_diperiksa\n"
        b"C.25LAS01.003.1,Judul Baik,Kepmenaker 98/2018,1\n"
        b"=cmd|'/c calc'!A1,Judul,Kepmenaker,0\n"
    )
    preview = import_file(client, content)
    result = preview.context["result"]
    assert result.has_validation_errors()
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    assert not StandardUnit.objects.filter(code="C.25LAS01.003.1").exists()
