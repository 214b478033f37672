"""Front-page links, access-log purposes and the roles the access log records for the two
kinds of visitor who are not portal users: the training responsible with a personal link,
and a back-office user known only by an e-mail address."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.roles import FrontLink, Role, RoleKind

BACKOFFICE_ROLE_KIND = "declaration_backoffice"

FRONT_LINKS = (
    FrontLink(
        label=_("Opret erklæring om oplæring"),
        url_name="training_declarations:declaration_create",
        description=_(
            "Bed din oplæringsansvarlige om at udfylde erklæringen om oplæring ved "
            "slutningen af oplæringsperioden."
        ),
        role_kinds=frozenset({RoleKind.APPRENTICE}),
        order=30,
    ),
    FrontLink(
        label=_("Se erklæringer"),
        url_name="training_declarations:apprentice_list",
        description=_("Dine erklæringer om oplæring: sendt, åbnet, udfyldt eller udløbet."),
        role_kinds=frozenset({RoleKind.APPRENTICE}),
        order=31,
        in_menu=True,
    ),
)

PURPOSE_LIST = "training_declarations.list"
PURPOSE_DETAIL = "training_declarations.detail"
PURPOSE_CREATE = "training_declarations.create"
PURPOSE_PROFILE = "training_declarations.profile"
PURPOSE_RATING = "training_declarations.rating"
PURPOSE_BACKOFFICE = "training_declarations.backoffice"
PURPOSE_BACKOFFICE_DETAIL = "training_declarations.backoffice_detail"
PURPOSE_BACKOFFICE_EXPORT = "training_declarations.backoffice_export"

# Access-log purposes of this app's pages, as the apprentice reads them.
PURPOSES = (
    (PURPOSE_LIST, _("Erklæringer om oplæring – oversigt")),
    (PURPOSE_DETAIL, _("Erklæring om oplæring")),
    (PURPOSE_CREATE, _("Opret erklæring om oplæring")),
    (PURPOSE_PROFILE, _("Logbog – profil")),
    (PURPOSE_RATING, _("Erklæring om oplæring – udfyldes af oplæringsansvarlig via link")),
    (PURPOSE_BACKOFFICE, _("Erklæringer om oplæring – backend, oversigt")),
    (PURPOSE_BACKOFFICE_DETAIL, _("Erklæring om oplæring – backend")),
    (PURPOSE_BACKOFFICE_EXPORT, _("Erklæringer om oplæring – backend, eksport")),
)


def link_role(*, company_name: str, cvr: str, email: str) -> Role:
    """The training responsible who opened a personal link (no portal user needed)."""
    return Role(
        kind=RoleKind.TRAINING_RESPONSIBLE,
        title=_("Oplæringsansvarlig (personligt link)"),
        organisation_type="company",
        organisation_name=f"{company_name or 'CVR ' + cvr} ({email})"[:255],
    )


def backoffice_role(email: str) -> Role:
    """A back-office user: the identity is the e-mail address an apprentice entered."""
    return Role(
        kind=BACKOFFICE_ROLE_KIND,
        title=_("Backend for erklæringer om oplæring"),
        organisation_type="email",
        organisation_name=email[:255],
    )
