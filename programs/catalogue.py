"""Import of the SKKNI catalogue from a CSV or XLSX file, in the admin site.

Each row is validated like a form (code format, no formula text), previewed with its errors,
and nothing is saved until the preview is confirmed; then all rows in one transaction.
Importing the same file again changes nothing: rows are matched by unit code.
"""

from import_export import fields, resources, widgets

from lapas_training.audit import audit_log
from programs.models import StandardUnit


class StandardUnitResource(resources.ModelResource):
    code = fields.Field(attribute="code", column_name="kode")
    title = fields.Field(attribute="title", column_name="judul")
    standard = fields.Field(attribute="standard", column_name="standar")
    verified = fields.Field(
        attribute="verified", column_name="sudah_diperiksa", widget=widgets.BooleanWidget()
    )

    class Meta:
        model = StandardUnit
        fields = ["code", "title", "standard", "verified"]
        import_id_fields = ["code"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def after_import(self, dataset, result, **kwargs):
        """Audit a confirmed import: who, and how many units it added and changed."""
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        totals = result.totals
        audit_log(
            action="standardunit.imported",
            actor=kwargs["user"],
            obj=None,
            data={"new": totals.get("new", 0), "update": totals.get("update", 0)},
        )
