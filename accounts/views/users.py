"""The accounts a Lapas head (its operators) or an agency admin (its instructors) keeps."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import selectors
from accounts.forms.users import AdminUserCreateForm, UserForm
from accounts.services import users as services
from accounts.services.second_factor import has_second_factor, second_factor_reset
from lapas_training import rules
from lapas_training.forms import apply_validation_error
from lapas_training.models import Role, User
from lapas_training.pagination import paginate
from lapas_training.scoping import get_for_user_or_404

# The link just issued, shown once on the next page and then forgotten.
INVITATION_KEY = "accounts.invitation"


def _managed_user_or_404(user, pk: int) -> User:
    """Return an account the user manages; anyone else gets 404 as if it did not exist."""
    return get_for_user_or_404(selectors.users_managed_by, user, pk=pk)


def _own_scope(manager) -> dict:
    """Return the role and scope of the accounts a head or an agency admin creates."""
    if manager.role == Role.LAPAS_HEAD:
        return {"role": Role.LAPAS_OPERATOR, "facility": manager.facility, "agency": None}
    return {"role": Role.INSTRUCTOR, "facility": None, "agency": manager.agency}


def _remember_invitation(request, user: User, url: str) -> None:
    request.session[INVITATION_KEY] = {"user": user.pk, "url": url}


@login_required
def user_list(request):
    """List the accounts the user manages, searchable and filtered by active or not."""
    if not rules.can_manage_users(request.user):
        raise Http404
    search = request.GET.get("q", "")
    status = request.GET.get("status", "")
    page = paginate(request, selectors.user_list(user=request.user, search=search, status=status))
    return render(
        request,
        "accounts/users/list.html",
        {
            "page": page,
            "search": search,
            "status": status,
            "statuses": [(selectors.ACTIVE, _("Aktif")), (selectors.INACTIVE, _("Nonaktif"))],
            "placeholder": _("Cari nama, nama pengguna atau NIP"),
            "managed_role": None
            if rules.is_system_admin(request.user)
            else Role(rules.MANAGED_ROLE[request.user.role]).label,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    """Create an account of the user's scope; the next page shows its invitation link once."""
    if not rules.can_manage_users(request.user):
        raise Http404
    admin = rules.is_system_admin(request.user)
    form_class = AdminUserCreateForm if admin else UserForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scope = (
            {name: data[name] for name in ("role", "facility", "agency", "bapas")}
            if admin
            else _own_scope(request.user)
        )
        identity = {name: data[name] for name in services.EDITABLE_FIELDS}
        try:
            user, url = services.user_create(actor=request.user, **identity, **scope)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            _remember_invitation(request, user, url)
            messages.success(request, _("Akun %(name)s dibuat.") % {"name": user.full_name})
            return redirect("accounts:user_invitation", pk=user.pk)
    return render(request, "accounts/users/form.html", {"form": form, "managed": None})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    """Change who an account is; its role, scope and active flag are not changed here."""
    managed = _managed_user_or_404(request.user, pk)
    form = UserForm(request.POST or None, instance=managed)
    if request.method == "POST" and form.is_valid():
        identity = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        try:
            changes = services.user_update(actor=request.user, user=managed, **identity)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if changes:
                messages.success(request, _("Data akun disimpan."))
            else:
                messages.info(request, _("Tidak ada yang berubah."))
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/users/form.html",
        {
            "form": form,
            "managed": managed,
            "has_second_factor": has_second_factor(managed),
            "can_invite": rules.can_invite_user(request.user, managed),
        },
    )


def _confirm(request, managed: User, *, action, title, question, consequences, submit, done):
    """Ask before ``action`` (a service call); do it on POST and go back to the account."""
    if request.method == "POST":
        try:
            action(actor=request.user, user=managed)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
        return redirect("accounts:user_edit", pk=managed.pk)
    return render(
        request,
        "accounts/users/confirm.html",
        {
            "managed": managed,
            "title": title,
            "question": question,
            "consequences": consequences,
            "submit": submit,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_deactivate(request, pk: int):
    """Deactivate an account after a confirmation: no login, open sessions end."""
    managed = _managed_user_or_404(request.user, pk)
    if not managed.is_active:
        messages.info(request, _("Akun ini sudah nonaktif."))
        return redirect("accounts:user_edit", pk=managed.pk)
    return _confirm(
        request,
        managed,
        action=services.user_deactivate,
        title=_("Nonaktifkan akun"),
        question=_("Nonaktifkan akun %(name)s?") % {"name": managed.full_name},
        consequences=[
            _("Pemilik akun tidak dapat masuk lagi, dan sesinya yang masih terbuka berakhir."),
            _("Riwayat kerjanya tetap tersimpan. Akun dapat diaktifkan kembali kapan saja."),
        ],
        submit=_("Nonaktifkan"),
        done=_("Akun %(name)s dinonaktifkan.") % {"name": managed.full_name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_reactivate(request, pk: int):
    """Reactivate an account after a confirmation."""
    managed = _managed_user_or_404(request.user, pk)
    if managed.is_active:
        messages.info(request, _("Akun ini sudah aktif."))
        return redirect("accounts:user_edit", pk=managed.pk)
    return _confirm(
        request,
        managed,
        action=services.user_reactivate,
        title=_("Aktifkan kembali akun"),
        question=_("Aktifkan kembali akun %(name)s?") % {"name": managed.full_name},
        consequences=[
            _("Pemilik akun dapat masuk lagi dengan kata sandinya.")
            if managed.last_login
            # Deactivating an unused account voided its invitation (accounts.services.users).
            else _("Akun ini belum pernah dipakai: setelah diaktifkan, buat tautan undangan baru.")
        ],
        submit=_("Aktifkan kembali"),
        done=_("Akun %(name)s aktif kembali.") % {"name": managed.full_name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_second_factor_reset(request, pk: int):
    """Remove an account's authenticator and recovery codes after a confirmation."""
    managed = _managed_user_or_404(request.user, pk)

    def reset(*, actor, user):
        second_factor_reset(user=user, by=actor)

    return _confirm(
        request,
        managed,
        action=reset,
        title=_("Reset autentikasi dua langkah"),
        question=_("Hapus aplikasi autentikator dan kode pemulihan %(name)s?")
        % {"name": managed.full_name},
        consequences=[
            _(
                "Lakukan ini hanya bila pemiliknya kehilangan ponsel atau kode pemulihannya, "
                "setelah Anda memastikan sendiri siapa yang meminta."
            ),
            _("Pada saat masuk berikutnya ia memasang autentikator baru."),
        ],
        submit=_("Reset dua langkah"),
        done=_("Autentikasi dua langkah %(name)s direset.") % {"name": managed.full_name},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def user_invitation(request, pk: int):
    """Issue a new invitation link (POST); show a link just issued once (GET), then forget it."""
    managed = _managed_user_or_404(request.user, pk)
    if request.method == "POST":
        try:
            url = services.invitation_issue(actor=request.user, user=managed)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("accounts:user_edit", pk=managed.pk)
        _remember_invitation(request, managed, url)
        return redirect("accounts:user_invitation", pk=managed.pk)
    shown = request.session.get(INVITATION_KEY)
    url = None
    if shown and shown.get("user") == managed.pk:
        url = shown["url"]
        del request.session[INVITATION_KEY]
    return render(
        request,
        "accounts/users/invitation.html",
        {
            "managed": managed,
            "invitation_url": url,
            "can_invite": rules.can_invite_user(request.user, managed),
            "invitation_days": settings.INVITATION_DAYS,
            "back": reverse("accounts:user_edit", args=[managed.pk]),
        },
    )
