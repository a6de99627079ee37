"""Named permission predicates, used by views and templates alike."""

from lapas_training.models import Role


def is_system_admin(user) -> bool:
    """Return whether the user administers the whole system."""
    return user.is_authenticated and user.is_active and user.role == Role.ADMIN


def is_instructor(user) -> bool:
    """Return whether the user teaches: his cohorts are "Kelas saya"."""
    return user.is_authenticated and user.role == Role.INSTRUCTOR


def can_edit_agency_settings(user) -> bool:
    """Return whether the user sets his agency's signatories, number format and logo."""
    return user.is_authenticated and user.role == Role.AGENCY_ADMIN and user.agency_id is not None


def can_view_inmate_register(user) -> bool:
    """Return whether the user may open a facility's inmate register."""
    return is_system_admin(user) or (
        user.is_authenticated and user.role in {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD}
    )


def can_manage_inmates(user) -> bool:
    """Return whether the user may add and change inmates (Lapas operators and admins)."""
    return is_system_admin(user) or (user.is_authenticated and user.role == Role.LAPAS_OPERATOR)


def can_see_sensitive_inmate_data(user, inmate) -> bool:
    """Return whether the user may see an inmate's NIK and sentence data."""
    if is_system_admin(user):
        return True
    return (
        user.is_authenticated
        and user.role in {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD}
        and user.facility_id == inmate.facility_id
    )


def can_produce_subject_report(user, inmate) -> bool:
    """Return whether the user produces the report of everything held about an inmate (the
    data subject's access right, UU PDP): his facility's staff and system administrators."""
    if is_system_admin(user):
        return True
    return (
        user.is_authenticated
        and user.is_active
        and user.role in {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD}
        and user.facility_id == inmate.facility_id
    )


def can_manage_cohort(user, cohort) -> bool:
    """Return whether the user may change a cohort: its facility's operator or agency's admin."""
    if is_system_admin(user):
        return True
    if not user.is_authenticated:
        return False
    if user.role == Role.LAPAS_OPERATOR:
        return user.facility_id == cohort.facility_id
    if user.role == Role.AGENCY_ADMIN:
        return user.agency_id == cohort.agency_id
    return False


def can_create_cohort(user) -> bool:
    """Return whether the user may open cohorts: Lapas operators, agency admins, admins."""
    return is_system_admin(user) or (
        user.is_authenticated and user.role in {Role.LAPAS_OPERATOR, Role.AGENCY_ADMIN}
    )


def can_enroll(user, cohort) -> bool:
    """Return whether the user may enrol and withdraw inmates: the cohort's Lapas operators."""
    if is_system_admin(user):
        return True
    return (
        user.is_authenticated
        and user.role == Role.LAPAS_OPERATOR
        and user.facility_id == cohort.facility_id
    )


def can_teach(user, cohort) -> bool:
    """Return whether the user may record attendance and results and close the cohort.

    The cohort's instructors, its agency's administrator, and system administrators.
    """
    if is_system_admin(user):
        return True
    if not user.is_authenticated or user.agency_id != cohort.agency_id:
        return False
    if user.role == Role.AGENCY_ADMIN:
        return True
    return user.role == Role.INSTRUCTOR and cohort.instructors.filter(pk=user.pk).exists()


def can_see_certificates(user, cohort=None) -> bool:
    """Return whether the user may see certificates (of a cohort he sees).

    Not instructors: a certificate prints the holder's birth place and date, which they do not
    see. Not a regional office either: it reads figures, never a person's documents. Nor a PK
    officer: he sees his clients' certificate numbers on the follow-up pages, not the documents.
    """
    return user.is_authenticated and user.role not in {
        Role.INSTRUCTOR,
        Role.KANWIL,
        Role.PK_OFFICER,
    }


def can_see_cohorts(user) -> bool:
    """Return whether the user opens cohort and event pages: everyone but a regional office and
    a Bapas (which sees its clients' trainings on the follow-up pages)."""
    return user.is_authenticated and user.role not in {Role.KANWIL, Role.PK_OFFICER}


def can_read_reports(user) -> bool:
    """Return whether the user reads dashboards, monthly reports and exports: not instructors,
    not PK officers (their home is the follow-up of their clients)."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role not in {Role.INSTRUCTOR, Role.PK_OFFICER}
    )


def can_read_audit_log(user) -> bool:
    """Return whether the user reads the audit log: administrators all, a Kalapas his facility's."""
    return is_system_admin(user) or (
        user.is_authenticated
        and user.is_active
        and user.role == Role.LAPAS_HEAD
        and user.facility_id is not None
    )


def can_set_training_target(user, facility) -> bool:
    """Return whether the user sets a facility's yearly LKjIP target: its head (or an admin)."""
    if is_system_admin(user):
        return True
    return (
        user.is_authenticated
        and user.role == Role.LAPAS_HEAD
        and user.facility_id == getattr(facility, "pk", None)
    )


def can_print_report_cards(user) -> bool:
    """Return whether the user prints his facility's semester report cards: its Lapas staff.

    The report card is the facility's document, handed to its inmates.
    """
    return user.is_authenticated and user.role in {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD}


def can_export_participants(user) -> bool:
    """Return whether the user exports lists that name participants: not a regional office."""
    return can_read_reports(user) and user.role != Role.KANWIL


def can_reopen_cohort(user) -> bool:
    """Return whether the user may reopen a closed cohort: system administrators only."""
    return is_system_admin(user)


def can_issue_certificates(user, cohort) -> bool:
    """Return whether the user issues, revokes and hands over the cohort's certificates."""
    if is_system_admin(user):
        return True
    return (
        user.is_authenticated
        and user.role == Role.AGENCY_ADMIN
        and user.agency_id == cohort.agency_id
    )


def can_create_event(user) -> bool:
    """Return whether the user may open training events: as for cohorts."""
    return can_create_cohort(user)


def can_manage_event(user, event) -> bool:
    """Return whether the user may change an event: its facility's operator, or the admin of
    its agency when it is the only one (with several, none changes the others' event)."""
    if is_system_admin(user):
        return True
    if not user.is_authenticated:
        return False
    if user.role == Role.LAPAS_OPERATOR:
        return user.facility_id == event.facility_id
    if user.role == Role.AGENCY_ADMIN:
        return list(event.agencies.values_list("pk", flat=True)) == [user.agency_id]
    return False


def can_manage_ceremony(user, ceremony) -> bool:
    """Return whether the user may act on a ceremony's print PDF: admins, its agency's admins."""
    if is_system_admin(user):
        return True
    return (
        user.is_authenticated
        and user.role == Role.AGENCY_ADMIN
        and user.agency_id == ceremony.agency_id
    )


def can_hand_over_event(user, event) -> bool:
    """Return whether the user plans an event's handover: admins, its agencies' admins."""
    if is_system_admin(user):
        return True
    return (
        user.is_authenticated
        and user.role == Role.AGENCY_ADMIN
        and event.agencies.filter(pk=user.agency_id).exists()
    )


def can_see_competency_tests(user) -> bool:
    """Return whether the user has competency tests to see: Lapas staff, LSP administrators."""
    if is_system_admin(user):
        return True
    if not user.is_authenticated:
        return False
    if user.role in {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD}:
        return True
    return user.role == Role.AGENCY_ADMIN and user.agency is not None and user.agency.kind == "lsp"


def can_plan_competency_test(user) -> bool:
    """Return whether the user registers a facility's participants for an LSP's test."""
    return is_system_admin(user) or (user.is_authenticated and user.role == Role.LAPAS_OPERATOR)


def can_record_competency_results(user, test) -> bool:
    """Return whether the user records a test's results and BNSP certificates: its LSP."""
    if is_system_admin(user):
        return True
    return (
        user.is_authenticated and user.role == Role.AGENCY_ADMIN and user.agency_id == test.lsp_id
    )


def is_pk_officer(user) -> bool:
    """Return whether the user is a Bapas officer: his home is the follow-up of his clients."""
    return user.is_authenticated and user.role == Role.PK_OFFICER


def can_see_followup(user) -> bool:
    """Return whether the user opens follow-up plans after release: PK officers (their Bapas's),
    Lapas staff (their facility's, without what the check-ins recorded), administrators."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role in {Role.ADMIN, Role.LAPAS_OPERATOR, Role.LAPAS_HEAD, Role.PK_OFFICER}
    )


def can_record_checkins(user) -> bool:
    """Return whether the user records check-ins (and reads them): PK officers and admins."""
    return user.is_authenticated and user.is_active and user.role in {Role.ADMIN, Role.PK_OFFICER}


def can_assign_followup(user) -> bool:
    """Return whether the user gives a plan to a Bapas and officer: the Lapas operator and
    admins (the Lapas head reads, as elsewhere)."""
    return (
        user.is_authenticated and user.is_active and user.role in {Role.ADMIN, Role.LAPAS_OPERATOR}
    )


def can_record_consent(user) -> bool:
    """Return whether the user records a released person's answer to the follow-up: the Bapas
    and admins, and the Lapas operator (only the first answer, at release: see
    ``followup.selectors.consent_answers``)."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role in {Role.ADMIN, Role.PK_OFFICER, Role.LAPAS_OPERATOR}
    )


# Whose accounts a manager keeps on the "Pengguna" pages: a Lapas head its facility's operators,
# an agency admin its agency's instructors; a system administrator both kinds everywhere, and
# the PK officers of every Bapas (a Bapas has no manager of its own here), and every other
# account in Django's admin site.
MANAGED_ROLE = {Role.LAPAS_HEAD: Role.LAPAS_OPERATOR, Role.AGENCY_ADMIN: Role.INSTRUCTOR}
MANAGEABLE_ROLES = frozenset({*MANAGED_ROLE.values(), Role.PK_OFFICER})


def can_manage_users(user) -> bool:
    """Return whether the user creates, changes and deactivates accounts of his scope."""
    if is_system_admin(user):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    if user.role == Role.LAPAS_HEAD:
        return user.facility_id is not None
    if user.role == Role.AGENCY_ADMIN:
        return user.agency_id is not None
    return False


def can_manage_user(user, other) -> bool:
    """Return whether the user manages ``other``'s account: never his own, never a higher role."""
    if not can_manage_users(user) or other.pk == user.pk or other.role not in MANAGEABLE_ROLES:
        return False
    if is_system_admin(user):
        return True
    if other.role != MANAGED_ROLE[user.role]:
        return False
    if user.role == Role.LAPAS_HEAD:
        return other.facility_id == user.facility_id
    return other.agency_id == user.agency_id


def can_invite_user(user, other) -> bool:
    """Return whether the user may issue ``other`` an invitation link: an active account of
    his that has never logged in (afterwards, the owner changes his own password)."""
    return can_manage_user(user, other) and other.is_active and other.last_login is None
