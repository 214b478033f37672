from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Brugere og roller")

    def ready(self) -> None:
        from accounts import roles

        self._record_account_events()
        roles.register_role_provider(roles.portal_admin_roles)
        roles.register_role_provider(roles.local_admin_roles)
        roles.register_front_links(*roles.FRONT_LINKS)

    def _record_account_events(self) -> None:
        """Logins, logouts, password and second-factor changes become LoginEvent rows."""
        from allauth.account import signals as account_signals
        from allauth.mfa import signals as mfa_signals
        from django.contrib.auth import signals

        from accounts.adapters import account_event, record_login, record_logout
        from accounts.models import LoginEvent

        signals.user_logged_in.connect(record_login, dispatch_uid="accounts.record_login")
        signals.user_logged_out.connect(record_logout, dispatch_uid="accounts.record_logout")
        kind = LoginEvent.Kind
        for signal, event in [
            (account_signals.password_changed, kind.PASSWORD_CHANGED),
            (account_signals.password_set, kind.PASSWORD_RESET),
            (account_signals.password_reset, kind.PASSWORD_RESET),
            (mfa_signals.authenticator_added, kind.MFA_ADDED),
            (mfa_signals.authenticator_removed, kind.MFA_REMOVED),
            (mfa_signals.authentication_failed, kind.MFA_FAILED),
        ]:
            # Closures: weak=False keeps them alive after this method returns.
            signal.connect(account_event(event), weak=False, dispatch_uid=f"accounts.{event}")
