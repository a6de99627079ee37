import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # Apart from 0004: PostgreSQL refuses to alter a column that rows of the same
    # transaction have just updated.
    dependencies = [
        ("certificates", "0004_ceremony_agency"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ceremony",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ceremonies",
                to="programs.partneragency",
                verbose_name="instansi penerbit",
            ),
        ),
        migrations.AddField(
            model_name="ceremony",
            name="event",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ceremonies",
                to="programs.trainingevent",
                verbose_name="kegiatan pelatihan",
            ),
        ),
        migrations.AlterField(
            model_name="ceremony",
            name="cohort",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ceremonies",
                to="programs.cohort",
                verbose_name="angkatan",
            ),
        ),
        migrations.AddConstraint(
            model_name="ceremony",
            constraint=models.CheckConstraint(
                condition=models.Q(("cohort__isnull", False), ("event__isnull", True))
                | models.Q(("cohort__isnull", True), ("event__isnull", False)),
                name="ceremony_of_a_cohort_or_an_event",
            ),
        ),
    ]
