"""The project's pages as the tests see them: every named URL, classified, and who may open it.

Used by the scoping tests (``tests/lapas_training/test_urls.py``) and the browser walk through
every page (``tests/browser/test_every_page.py``).
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lapas_training.models import Role

# Django's own admin site has its own login and permission checks (tests/lapas_training/
# test_admin.py); everything else is ours.
EXCLUDED_NAMESPACES = {"admin"}

# Pages anybody may open, and what an anonymous GET answers.
PUBLIC = {
    "login": 200,
    "logout": 405,  # a POST only, so that a link cannot log anyone out
    "set_language": 302,
    "certificates:verify": 404,  # an unknown code, in the page made for it
    "privacy:notice": 200,  # the privacy notice (UU PDP), for anybody
    "privacy:verification_notice": 200,  # its neutral part, for whoever verifies a certificate
    "accounts:invitation": 404,  # a wrong token: the same page for any wrong, used or old link
    "csp_report": 405,  # browsers POST their Content-Security-Policy violation reports
    "operations:healthz": 200,  # what a monitor polls: no login, no data
}
# The arguments of the public pages that take some: unknown ones.
PUBLIC_ARGS = {
    "certificates:verify": ["x" * 32],
    "accounts:invitation": ["MQ", "cx7k2a-0123456789abcdef0123456789abcdef"],
}

# Pages about one object: which object each URL argument names.
OBJECT_URLS = {
    "inmates:detail": {"pk": "inmate"},
    "inmates:edit": {"pk": "inmate"},
    "inmates:release": {"pk": "inmate"},
    "inmates:transfer": {"pk": "inmate"},
    "inmates:photo": {"pk": "inmate"},
    "inmates:photo_edit": {"pk": "inmate"},
    "inmates:import_preview": {"pk": "upload"},
    # The data subject report (UU PDP): everything held about one inmate.
    "privacy:subject_pdf": {"pk": "inmate"},
    "privacy:subject_json": {"pk": "inmate"},
    "programs:event_detail": {"pk": "event"},
    "programs:event_edit": {"pk": "event"},
    "programs:event_print_participants": {"pk": "event"},
    "programs:cohort_detail": {"pk": "cohort"},
    "programs:cohort_edit": {"pk": "cohort"},
    "programs:cohort_start": {"pk": "cohort"},
    "programs:cohort_cancel": {"pk": "cohort"},
    "programs:cohort_schedule": {"pk": "cohort"},
    "programs:session_delete": {"pk": "cohort", "session_pk": "session"},
    "programs:enrollment_picker": {"pk": "cohort"},
    "programs:enrollment_confirm": {"pk": "cohort"},
    "programs:enrollment_withdraw": {"pk": "cohort", "enrollment_pk": "enrollment"},
    "programs:session_attendance": {"pk": "cohort", "session_pk": "session"},
    "programs:session_not_held": {"pk": "cohort", "session_pk": "session"},
    "programs:cohort_attendance": {"pk": "cohort"},
    "programs:cohort_assessment": {"pk": "cohort"},
    "programs:cohort_close": {"pk": "cohort"},
    "programs:cohort_reopen": {"pk": "cohort"},
    "programs:print_participants": {"pk": "cohort"},
    "programs:print_attendance": {"pk": "cohort", "session_pk": "session"},
    "certificates:detail": {"pk": "certificate"},
    "certificates:download": {"pk": "certificate"},
    "certificates:revoke": {"pk": "certificate"},
    "certificates:reissue": {"pk": "certificate"},
    "certificates:cohort": {"pk": "cohort"},
    "certificates:issue": {"pk": "cohort"},
    "certificates:hours_decision": {"pk": "cohort"},
    "certificates:cohort_progress": {"pk": "cohort"},
    "certificates:cohort_retry": {"pk": "cohort"},
    "certificates:ceremony_create": {"pk": "cohort"},
    "certificates:event_ceremony_create": {"pk": "event"},
    "competency:detail": {"pk": "competency_test"},
    "competency:export": {"pk": "competency_test"},
    "competency:results": {"pk": "competency_test"},
    "competency:sheet_upload": {"pk": "competency_test"},
    "competency:sheet_preview": {"pk": "competency_test", "sheet_pk": "result_sheet"},
    "competency:bnsp_certificate": {"pk": "competency_test", "assessee_pk": "assessee"},
    "certificates:ceremony": {"pk": "ceremony"},
    "certificates:ceremony_download": {"pk": "ceremony"},
    "certificates:ceremony_progress": {"pk": "ceremony"},
    "certificates:ceremony_retry": {"pk": "ceremony"},
    "reports:cohort_participants": {"pk": "cohort"},
    "reports:cohort_attendance": {"pk": "cohort"},
    # An operator of the facility: his head manages his account.
    "accounts:user_edit": {"pk": "managed_user"},
    "accounts:user_deactivate": {"pk": "managed_user"},
    "accounts:user_reactivate": {"pk": "managed_user"},
    "accounts:user_second_factor_reset": {"pk": "managed_user"},
    "accounts:user_invitation": {"pk": "managed_user"},
    # Follow-up after release: a released graduate's plan (of facility A, followed by the Bapas
    # that receives its releases) and one of its check-ins.
    "followup:detail": {"pk": "plan"},
    "followup:consent": {"pk": "plan"},
    "followup:assign": {"pk": "plan"},
    "followup:take": {"pk": "plan"},
    "followup:checkin": {"pk": "checkin"},
}

PEOPLE_READERS = {Role.ADMIN, Role.LAPAS_OPERATOR, Role.LAPAS_HEAD, Role.AGENCY_ADMIN}
REPORT_READERS = {*PEOPLE_READERS, Role.KANWIL}

# Pages about no object. Each names the roles that may open it; every other role gets 404.
# None: every signed-in user (the page shows only what the user may see).
ROLE_PAGES = {
    "password_change": None,
    # One's own account: the second login step, its setup, recovery codes and sessions.
    "accounts:verify": None,
    "accounts:setup": None,
    "accounts:recovery_codes": None,
    "accounts:security": None,
    "accounts:second_factor_disable": None,
    "accounts:recovery_codes_renew": None,
    "accounts:sessions_end_others": None,
    "accounts:session_end": None,
    "password_change_done": None,
    "reports:home": None,
    # A regional office opens no cohort or event page: it reads their figures in reports.
    "programs:cohort_list": {
        Role.ADMIN,
        Role.LAPAS_OPERATOR,
        Role.LAPAS_HEAD,
        Role.AGENCY_ADMIN,
        Role.INSTRUCTOR,
    },
    "programs:event_list": {
        Role.ADMIN,
        Role.LAPAS_OPERATOR,
        Role.LAPAS_HEAD,
        Role.AGENCY_ADMIN,
        Role.INSTRUCTOR,
    },
    "reports:index": REPORT_READERS,
    # The yearly LKjIP target is the facility head's (an administrator uses the admin site).
    "inmates:training_target": {Role.LAPAS_HEAD},
    "reports:report_cards": {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD},
    "reports:cohorts": REPORT_READERS,
    "reports:monthly_pdf": REPORT_READERS,
    "reports:monthly_xlsx": REPORT_READERS,
    # Lists naming participants: not to instructors, not to a regional office.
    "reports:participants": PEOPLE_READERS,
    "reports:certificates": PEOPLE_READERS,
    # LSP administrators too, who are not among the insiders of these tests.
    "competency:list": {Role.ADMIN, Role.LAPAS_OPERATOR, Role.LAPAS_HEAD},
    "competency:create": {Role.ADMIN, Role.LAPAS_OPERATOR},
    "programs:event_create": {Role.ADMIN, Role.LAPAS_OPERATOR, Role.AGENCY_ADMIN},
    # Certificates print birth data, which instructors do not see.
    "certificates:list": {Role.ADMIN, Role.LAPAS_OPERATOR, Role.LAPAS_HEAD, Role.AGENCY_ADMIN},
    "programs:cohort_create": {Role.ADMIN, Role.LAPAS_OPERATOR, Role.AGENCY_ADMIN},
    "inmates:list": {Role.ADMIN, Role.LAPAS_OPERATOR, Role.LAPAS_HEAD},
    "inmates:create": {Role.ADMIN, Role.LAPAS_OPERATOR},
    "inmates:import": {Role.ADMIN, Role.LAPAS_OPERATOR},
    "inmates:import_template": {Role.ADMIN, Role.LAPAS_OPERATOR},
    # The audit log: everything to the administrator, its facility's events to a Kalapas.
    "privacy:audit_log": {Role.ADMIN, Role.LAPAS_HEAD},
    "certificates:agency_settings": {Role.AGENCY_ADMIN},
    "certificates:agency_preview": {Role.AGENCY_ADMIN},
    # A Kalapas keeps his operators' accounts, an agency admin his instructors'.
    "accounts:user_list": {Role.ADMIN, Role.LAPAS_HEAD, Role.AGENCY_ADMIN},
    "accounts:user_create": {Role.ADMIN, Role.LAPAS_HEAD, Role.AGENCY_ADMIN},
    # Plans of released graduates: a Bapas its clients', a Lapas its releases', admins all.
    "followup:list": {Role.ADMIN, Role.LAPAS_OPERATOR, Role.LAPAS_HEAD, Role.PK_OFFICER},
}

# Pages that send a user on (302) when there is nothing for them to do: the second step of
# someone already verified, recovery codes of someone without a second factor, reactivating an
# account that is active.
SENDS_ON = {"accounts:verify", "accounts:recovery_codes", "accounts:user_reactivate"}

# Insiders: the cohort's own people, who see it. Who of them may open each object page
# (GET), and who may send it a POST; everyone else gets the same 404 as for a missing object.
ALL = {"system_admin", "operator", "head", "agency_admin", "instructor"}
REGISTER = {"system_admin", "operator", "head"}
REGISTER_WRITE = {"system_admin", "operator"}
MANAGE = {"system_admin", "operator", "agency_admin"}
ENROLL = {"system_admin", "operator"}
TEACH = {"system_admin", "agency_admin", "instructor"}
CERTIFICATES = {"system_admin", "operator", "head", "agency_admin"}
ISSUE = {"system_admin", "agency_admin"}
ADMIN = {"system_admin"}
OPERATOR_ACCOUNTS = {"system_admin", "head"}
# The plan's own people: its Lapas, the PK officer of its Bapas (who opens nothing else), admins.
FOLLOWUP = {"system_admin", "operator", "head", "pk_officer"}
ASSIGN = {"system_admin", "operator"}
# The world's plan has consent given: a later answer (a withdrawal) is the Bapas's to record.
CONSENT = {"system_admin", "pk_officer"}
CHECKIN = {"system_admin", "pk_officer"}
# Everyone of the world's facility, agency and Bapas.
INSIDERS = {*ALL, "pk_officer"}
MAY = {
    "inmates:detail": (REGISTER, REGISTER),
    "inmates:edit": (REGISTER_WRITE, REGISTER_WRITE),
    "inmates:release": (REGISTER_WRITE, REGISTER_WRITE),
    "inmates:transfer": (REGISTER_WRITE, REGISTER_WRITE),
    "inmates:photo": (REGISTER, REGISTER),
    "inmates:photo_edit": (REGISTER_WRITE, REGISTER_WRITE),
    "inmates:import_preview": (REGISTER_WRITE, REGISTER_WRITE),
    # GET only: a POST answers 405 to everyone.
    "privacy:subject_pdf": (REGISTER, set()),
    "privacy:subject_json": (REGISTER, set()),
    "programs:event_detail": (ALL, ALL),
    "programs:event_edit": (MANAGE, MANAGE),
    "programs:event_print_participants": (ALL, ALL),
    "programs:cohort_detail": (ALL, ALL),
    "programs:cohort_edit": (MANAGE, MANAGE),
    "programs:cohort_start": (MANAGE, MANAGE),
    "programs:cohort_cancel": (MANAGE, MANAGE),
    "programs:cohort_schedule": (MANAGE, MANAGE),
    "programs:session_delete": (MANAGE, MANAGE),
    "programs:enrollment_picker": (ENROLL, ENROLL),
    "programs:enrollment_confirm": (ENROLL, ENROLL),
    "programs:enrollment_withdraw": (ENROLL, ENROLL),
    "programs:session_attendance": (ALL, TEACH),
    "programs:session_not_held": (TEACH, TEACH),
    "programs:cohort_attendance": (ALL, ALL),
    "programs:cohort_assessment": (ALL, TEACH),
    "programs:cohort_close": (TEACH, TEACH),
    "programs:cohort_reopen": (ADMIN, ADMIN),
    "programs:print_participants": (ALL, ALL),
    "programs:print_attendance": (ALL, ALL),
    "reports:cohort_participants": (CERTIFICATES, CERTIFICATES),
    "reports:cohort_attendance": (CERTIFICATES, CERTIFICATES),
    "certificates:detail": (CERTIFICATES, CERTIFICATES),
    "certificates:download": (CERTIFICATES, CERTIFICATES),
    "certificates:revoke": (ISSUE, ISSUE),
    "certificates:reissue": (ISSUE, ISSUE),
    "certificates:cohort": (CERTIFICATES, CERTIFICATES),
    "certificates:issue": (ISSUE, ISSUE),
    "certificates:hours_decision": (ISSUE, ISSUE),
    "certificates:cohort_progress": (CERTIFICATES, CERTIFICATES),
    "certificates:cohort_retry": (ISSUE, ISSUE),
    "certificates:ceremony_create": (ISSUE, ISSUE),
    "certificates:event_ceremony_create": (ISSUE, ISSUE),
    # NIK and birth data: the facility's staff and the LSP (not an insider here) only.
    "competency:detail": (REGISTER, REGISTER),
    "competency:export": (REGISTER, REGISTER),
    "competency:results": (ADMIN, ADMIN),
    "competency:sheet_upload": (ADMIN, ADMIN),
    "competency:sheet_preview": (ADMIN, ADMIN),
    "competency:bnsp_certificate": (ADMIN, ADMIN),
    "certificates:ceremony": (CERTIFICATES, CERTIFICATES),
    "certificates:ceremony_download": (CERTIFICATES, CERTIFICATES),
    "certificates:ceremony_progress": (CERTIFICATES, CERTIFICATES),
    "certificates:ceremony_retry": (ISSUE, ISSUE),
    "accounts:user_edit": (OPERATOR_ACCOUNTS, OPERATOR_ACCOUNTS),
    "accounts:user_deactivate": (OPERATOR_ACCOUNTS, OPERATOR_ACCOUNTS),
    "accounts:user_reactivate": (OPERATOR_ACCOUNTS, OPERATOR_ACCOUNTS),
    "accounts:user_second_factor_reset": (OPERATOR_ACCOUNTS, OPERATOR_ACCOUNTS),
    "accounts:user_invitation": (OPERATOR_ACCOUNTS, OPERATOR_ACCOUNTS),
    # GET only: a POST answers 405 to everyone (consent has its own page).
    "followup:detail": (FOLLOWUP, set()),
    "followup:consent": (CONSENT, CONSENT),
    "followup:assign": (ASSIGN, ASSIGN),
    # POST only (GET answers 405 to all): a PK officer of the plan's Bapas, while nobody is.
    "followup:take": (set(), {"pk_officer"}),
    # What a check-in recorded: the Bapas and admins only; the Lapas sees whether it was made.
    "followup:checkin": (CHECKIN, CHECKIN),
}


def named_urls(resolver=None, namespace=""):
    """Yield (full name, argument names) of every named URL, admin aside."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", sorted(entry.pattern.converters)


ALL_URLS = dict(named_urls())


def url_of(name: str, world: dict, missing: str | None = None) -> str:
    """Return the URL of ``name`` for the world's objects; ``missing`` names one that is not."""
    kwargs = {
        argument: 999_999 if kind == missing else world[kind].pk
        for argument, kind in OBJECT_URLS[name].items()
    }
    return reverse(name, kwargs=kwargs)
