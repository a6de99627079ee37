"""The first SKKNI units of the catalogue: the public codes and titles the programs use.

Welding and catfish farming are checked against their decrees. The furniture unit's code
is known but its title is not confirmed here: it stays marked unverified until an
administrator checks it against the decree.
"""

from django.db import migrations

WELDING = "Kepmenaker 98/2018 jo. Kepmenaker 27/2021 (SKKNI Pengelasan)"
CATFISH = "Kep.37/MEN/III/2010 (SKKNI Pembudidayaan Ikan Lele)"
FURNITURE = "SKKNI Teknologi Perkayuan, Mebel"

UNITS = [
    ("C.25LAS01.001.1", "Melaksanakan Persiapan Tempat Kerja", WELDING, True),
    ("C.25LAS01.026.1", "Memperbaiki Hasil Pengelasan", WELDING, True),
    ("C.25LAS01.028.1", "Membuat Sambungan Las Fillet sesuai WPS", WELDING, True),
    ("C.25LAS01.029.1", "Membuat Sambungan Las Kampuh (Groove) sesuai WPS", WELDING, True),
    ("PRK.CF01.001.01", "Menerapkan K3 di Tempat Kerja", CATFISH, True),
    ("PRK.CF02.007.01", "Memanen Ikan", CATFISH, True),
    ("PRK.CF02.024.01", "Mengestimasi Hasil Produksi", CATFISH, True),
    (
        "PRK.CF02.029.01",
        "Melakukan Monitoring dan Evaluasi terhadap Proses Produksi",
        CATFISH,
        True,
    ),
    ("PRK.CF03.007.01", "Membuat Rencana Kelayakan Usaha (Budidaya Ikan)", CATFISH, True),
    ("PRK.CF03.008.01", "Mendesain Tata Letak Sarana dan Prasarana Budidaya", CATFISH, True),
    ("KYU.MBL.002(1)A", "Unit mebel (judul menunggu pemeriksaan)", FURNITURE, False),
]


def add_units(apps, schema_editor):
    StandardUnit = apps.get_model("programs", "StandardUnit")
    for code, title, standard, verified in UNITS:
        StandardUnit.objects.get_or_create(
            code=code, defaults={"title": title, "standard": standard, "verified": verified}
        )


class Migration(migrations.Migration):
    dependencies = [("programs", "0006_skkni_catalogue")]

    operations = [migrations.RunPython(add_units, migrations.RunPython.noop)]
