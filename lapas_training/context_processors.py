"""Template context shared by every page."""

from lapas_training import rules


def navigation(request) -> dict:
    """Return the flags the navigation bar needs for the current user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_inmates": rules.can_view_inmate_register(user),
        "nav_cohorts": rules.can_see_cohorts(user),
        "nav_reports": rules.can_read_reports(user),
        "nav_admin": rules.is_system_admin(user),
        "nav_agency_settings": rules.can_edit_agency_settings(user),
        "nav_certificates": rules.can_see_certificates(user),
        "nav_competency": rules.can_see_competency_tests(user),
        "nav_audit_log": rules.can_read_audit_log(user),
        "nav_users": rules.can_manage_users(user),
        # Follow-up after release: PK officers (whose home it is), Lapas staff, administrators.
        "nav_followup": rules.can_see_followup(user),
        # Instructors see only the cohorts they teach: "Kelas saya" rather than all cohorts.
        "nav_my_classes": rules.is_instructor(user),
    }
