"""The demo world's fixed facts: facilities, agencies, programs with their units, logins.

The two stories in ``../shared/seeds`` (Lamongan, Mojokerto) decide what is here. People are
fictitious; the SKKNI unit codes and titles are the public ones.
"""

from datetime import date

from lapas_training.models import Role
from programs.models import FundingSource, PartnerAgency

DEMO_PASSWORD = "demo-pelatihan"  # noqa: S105 -- printed for newcomers, set only with DEBUG on

FIELDS = [
    ("pertukangan-kayu", "Pertukangan kayu"),
    ("pengelasan", "Pengelasan"),
    ("perikanan-lele", "Budidaya ikan lele"),
    ("peternakan-ayam", "Peternakan ayam"),
    ("peternakan-kambing", "Peternakan kambing"),
    ("desain-interior", "Desain interior"),
    ("konstruksi", "Konstruksi bangunan"),
    ("meubeler", "Meubeler"),
    ("soft-skills", "Soft skills dan kewirausahaan"),
]

FACILITIES = [
    {
        "code": "lapas-mojokerto",
        "name": "Lapas Kelas IIB Mojokerto",
        "address": "Jl. Taman Siswa No. 1",
        "facility_class": "Kelas IIB",
        "city": "Kota Mojokerto",
        "province": "Jawa Timur",
        "head_name": "Hendra Kusuma Wardhana",
        "head_title": "Kepala Lapas Kelas IIB Mojokerto",
        "head_nip": "197604122000031001",
    },
    {
        "code": "lapas-lamongan",
        "name": "Lapas Kelas IIB Lamongan",
        "address": "Jl. Veteran No. 2",
        "facility_class": "Kelas IIB",
        "city": "Kabupaten Lamongan",
        "province": "Jawa Timur",
        "head_name": "Bambang Setyo Nugroho",
        "head_title": "Kepala Lapas Kelas IIB Lamongan",
        "head_nip": "197808152001121002",
    },
]

AGENCIES = [
    {
        "code": "BLK-MJK",
        "kind": PartnerAgency.Kind.BLK,
        "name": "BLK Mojokerto",
        "city": "Kota Mojokerto",
        "province": "Jawa Timur",
        "head_name": "Sri Wahyuningsih",
        "head_title": "Kepala UPT Balai Latihan Kerja Mojokerto",
        "head_rank": "Pembina (IV/a)",
        "head_nip": "197105231998032004",
        "letterhead": "PEMERINTAH PROVINSI JAWA TIMUR\nDINAS TENAGA KERJA DAN TRANSMIGRASI",
        "bilingual": True,
        "print_photo": True,
    },
    {
        "code": "DISNAKER-LMG",
        "kind": PartnerAgency.Kind.DISNAKER,
        "name": "Disnaker Kabupaten Lamongan",
        "city": "Kabupaten Lamongan",
        "province": "Jawa Timur",
        "head_name": "Agus Priyanto",
        "head_title": "Kepala Dinas Tenaga Kerja Kabupaten Lamongan",
        "head_rank": "Pembina Utama Muda (IV/c)",
        "head_nip": "196909171994031006",
        "letterhead": "PEMERINTAH KABUPATEN LAMONGAN",
        "second_signatory_name": "Dwi Rahmawati",
        "second_signatory_title": "Kepala Bidang Pelatihan dan Produktivitas",
        "second_signatory_rank": "Pembina (IV/a)",
        "second_signatory_nip": "198002102005012003",
    },
]

# An LSP that tests the Lamongan welders after their training (fictitious, like every person).
LSP = {
    "code": "LSP-LAS-JTM",
    "kind": PartnerAgency.Kind.LSP,
    "name": "LSP Pengelasan Jawa Timur",
    "licence_number": "BNSP-LSP-0421-ID",
    "city": "Kota Surabaya",
    "province": "Jawa Timur",
    "head_name": "Ir. Haryo Wicaksono",
    "head_title": "Ketua LSP Pengelasan Jawa Timur",
}
AGENCIES.append(LSP)

LAMONGAN_TEST = {
    "scheme_name": "Juru Las SMAW Posisi 3G",
    "scheme_number": "SKM/LSP-LAS-JTM/03/2024",
    "site": "TUK Sewaktu di tempat pelatihan",
    "date": date(2025, 10, 8),
    "assessors": [
        ("Sutrisno Hadi", "MET.000.004512 2019"),
        ("Wahyu Pratama", "MET.000.007731 2021"),
    ],
    "not_yet_competent": 1,  # one welder is asked to retake the test
    "certificates_issued": date(2025, 11, 3),
}

# The module every Mojokerto program carries, as the Mojokerto story says (the BLK's own code).
SOFT_SKILLS = ("BLK-MJK.SS.01", "Soft skill, etos kerja dan mental kewirausahaan", 8)

WELDING_STANDARD = "Kepmenaker 98/2018 jo. Kepmenaker 27/2021 (SKKNI Pengelasan)"
CATFISH_STANDARD = "Kep.37/MEN/III/2010 (SKKNI Pembudidayaan Ikan Lele)"

# SKKNI welding (Kepmenaker 98/2018 as amended by 27/2021).
WELDING_UNITS = [
    ("C.25LAS01.001.1", "Melaksanakan Persiapan Tempat Kerja", 16),
    ("C.25LAS01.026.1", "Memperbaiki Hasil Pengelasan", 24),
    ("C.25LAS01.028.1", "Membuat Sambungan Las Fillet sesuai WPS", 60),
    ("C.25LAS01.029.1", "Membuat Sambungan Las Kampuh (Groove) sesuai WPS", 60),
]

# SKKNI catfish farming (Kep.37/MEN/III/2010).
CATFISH_UNITS = [
    ("PRK.CF01.001.01", "Menerapkan K3 di Tempat Kerja", 8),
    ("PRK.CF02.007.01", "Memanen Ikan", 16),
    ("PRK.CF02.024.01", "Mengestimasi Hasil Produksi", 12),
    ("PRK.CF02.029.01", "Melakukan Monitoring dan Evaluasi terhadap Proses Produksi", 12),
    ("PRK.CF03.007.01", "Membuat Rencana Kelayakan Usaha (Budidaya Ikan)", 12),
    ("PRK.CF03.008.01", "Mendesain Tata Letak Sarana dan Prasarana Budidaya", 12),
    SOFT_SKILLS,
]


# The catalogue entries the demo programs use (the migrations ship them too).
SKKNI_UNITS = [
    *((code, title, WELDING_STANDARD) for code, title, _jp in WELDING_UNITS),
    *(
        (code, title, CATFISH_STANDARD)
        for code, title, _jp in CATFISH_UNITS
        if code != SOFT_SKILLS[0]
    ),
]


def _blk_units(code: str, practice: str) -> list[tuple[str, str, int]]:
    return [(f"BLK-MJK.{code}.01", practice, 72), SOFT_SKILLS]


# (code, name, field, hours, certificate kind, units); units add up to the program's JP.
PROGRAMS = [
    ("DI", "Desain Interior", "desain-interior", 160, "training", []),
    ("KONS", "Konstruksi Bangunan", "konstruksi", 160, "training", []),
    ("MBL", "Meubeler", "meubeler", 160, "training", []),
    ("LAS", "Pengelasan SMAW", "pengelasan", 160, "training", WELDING_UNITS),
    ("LELE", "Budidaya Ikan Lele", "perikanan-lele", 80, "training", CATFISH_UNITS),
    (
        "PTK",
        "Pertukangan Kayu dan Pengelasan",
        "pertukangan-kayu",
        80,
        "training",
        _blk_units("PTK", "Praktik pertukangan kayu dan pengelasan dasar"),
    ),
    (
        "AYAM",
        "Peternakan Ayam",
        "peternakan-ayam",
        80,
        "training",
        _blk_units("AYAM", "Praktik pemeliharaan ayam"),
    ),
    (
        "KMB",
        "Peternakan Kambing",
        "peternakan-kambing",
        80,
        "training",
        _blk_units("KMB", "Praktik pemeliharaan kambing"),
    ),
]

# (username, full name, role, facility code, agency code)
USERS = [
    ("admin", "Administrator Sistem", Role.ADMIN, None, None),
    ("operator.lamongan", "Rina Kartikasari", Role.LAPAS_OPERATOR, "lapas-lamongan", None),
    ("kalapas.lamongan", "Bambang Setyo Nugroho", Role.LAPAS_HEAD, "lapas-lamongan", None),
    ("operator.mojokerto", "Yusuf Hidayat", Role.LAPAS_OPERATOR, "lapas-mojokerto", None),
    ("kalapas.mojokerto", "Hendra Kusuma Wardhana", Role.LAPAS_HEAD, "lapas-mojokerto", None),
    ("admin.disnaker", "Lilik Setyowati", Role.AGENCY_ADMIN, None, "DISNAKER-LMG"),
    ("instruktur.disnaker", "Teguh Santoso", Role.INSTRUCTOR, None, "DISNAKER-LMG"),
    ("admin.blk", "Endah Purwaningsih", Role.AGENCY_ADMIN, None, "BLK-MJK"),
    ("instruktur.blk", "Slamet Riyadi", Role.INSTRUCTOR, None, "BLK-MJK"),
    ("admin.lsp", "Ratna Puspitasari", Role.AGENCY_ADMIN, None, "LSP-LAS-JTM"),
]

# (username, full name, province): the regional office reads the figures of its province.
KANWIL_USERS = [("kanwil.jatim", "Dra. Sri Handayani", "Jawa Timur")]

# The Bapas that supervises the people Lapas Lamongan releases (its working area covers
# Kabupaten Lamongan), with the facilities whose releases it receives.
BAPAS = [
    {
        "code": "bapas-bojonegoro",
        "name": "Bapas Kelas II Bojonegoro",
        "city": "Kabupaten Bojonegoro",
        "province": "Jawa Timur",
        "facilities": ["lapas-lamongan"],
    }
]

# (username, full name, Bapas code): a PK officer follows the released graduates of his Bapas.
PK_USERS = [("pk.bojonegoro", "Dimas Arya Saputra", "bapas-bojonegoro")]

INMATES_PER_FACILITY = {"lapas-lamongan": 55, "lapas-mojokerto": 50}

# Lamongan: one event, four programs at once from June to September 2025, 40 participants,
# closed by one ceremony in the Lapas hall where 40 certificates were handed over.
LAMONGAN_EVENT = {
    "name": "Pelatihan Kemandirian WBP Lapas Kelas IIB Lamongan Tahap II 2025",
    "funding_source": FundingSource.APBD,
    "start_date": date(2025, 6, 2),
    "end_date": date(2025, 9, 25),
    "decree_number": "560/412/413.113/2025",
    "decree_date": date(2025, 5, 26),
    "decree_issuer": "Kepala Dinas Tenaga Kerja Kabupaten Lamongan",
    "programs": ["DI", "KONS", "MBL", "LAS"],
    "participants_per_program": 10,
    "last_session": date(2025, 9, 23),
    "lockdown": date(2025, 7, 17),
    "ceremony": date(2025, 9, 25),
    "officials": (
        "Bambang Setyo Nugroho, Kepala Lapas Kelas IIB Lamongan\n"
        "Dwi Rahmawati, Kepala Bidang Pelatihan dan Produktivitas"
    ),
}

# Mojokerto: BLK Mojokerto trains in the programs the coordination meeting named; the catfish
# cohort runs now (dates computed from the day the demo is loaded), the others start soon.
MOJOKERTO_EVENT = {
    "name": "Pelatihan Keterampilan Bersertifikat WBP Lapas Kelas IIB Mojokerto {year}",
    "funding_source": FundingSource.APBD,
    "running": "LELE",
    "planned": ["PTK", "AYAM", "KMB"],
    "participants": {"LELE": 12, "PTK": 8, "AYAM": 8, "KMB": 8},
}
