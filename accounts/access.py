"""Permission-checked fetches for user administration."""

from __future__ import annotations

from django.http import Http404

from accounts.models import User
from accounts.organisations import Organisation, administered_organisations, directory_for


def get_administered_organisation(user: User, org_type: str, org_id: int) -> Organisation:
    """The organisation if `user` administers its users; 404 otherwise."""
    directory = directory_for(org_type)
    if directory is None:
        raise Http404
    if user.is_portal_admin:
        org = directory.get(org_id)
    else:
        org = next((o for o in directory.administered_by(user) if o.id == org_id), None)
    if org is None:
        raise Http404
    return org


def get_member(organisation: Organisation, user_id: int) -> User:
    """A user of `organisation`; 404 for anyone else (no one administers other orgs' users)."""
    directory = directory_for(organisation.type)
    member = directory.members(organisation.id).filter(pk=user_id).first() if directory else None
    if member is None:
        raise Http404
    return member


def organisations_for_admin(user: User) -> list[Organisation]:
    return administered_organisations(user)
