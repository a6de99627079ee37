import django.db.models.deletion
from django.db import migrations, models


def agency_from_cohort(apps, schema_editor):
    """Every ceremony so far is a cohort's: its agency is the cohort's."""
    Ceremony = apps.get_model("certificates", "Ceremony")
    for ceremony in Ceremony.objects.select_related("cohort").iterator():
        ceremony.agency_id = ceremony.cohort.agency_id
        ceremony.save(update_fields=["agency"])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_hours_decision"),
        ("programs", "0005_training_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="ceremony",
            name="agency",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ceremonies",
                to="programs.partneragency",
                verbose_name="instansi penerbit",
            ),
        ),
        migrations.RunPython(agency_from_cohort, migrations.RunPython.noop),
    ]
