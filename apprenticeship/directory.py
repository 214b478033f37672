"""Schools as organisations for user administration (accounts.organisations)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.organisations import Organisation, OrganisationDirectory
from apprenticeship.models import School, SchoolStaff


def _org(school: School) -> Organisation:
    return Organisation(type="school", id=school.pk, name=school.name)


class SchoolDirectory(OrganisationDirectory):
    org_type = "school"
    label = _("Skole")

    def administered_by(self, user: User) -> list[Organisation]:
        schools = School.objects.filter(staff__user=user, staff__is_local_admin=True)
        return [_org(s) for s in schools.filter(staff__user__is_active=True)]

    def get(self, org_id: int) -> Organisation | None:
        school = School.objects.filter(pk=org_id).first()
        return _org(school) if school else None

    def all(self) -> list[Organisation]:
        return [_org(s) for s in School.objects.all()]

    def members(self, org_id: int) -> QuerySet[User]:
        return User.objects.filter(school_memberships__school_id=org_id)

    def role_choices(self) -> list[tuple[str, str]]:
        return [("staff", _("Skolemedarbejder")), ("local_admin", _("Lokal brugeradministrator"))]

    def roles_of(self, org_id: int, users: list[User]) -> dict[int, str]:
        labels = dict(self.role_choices())
        memberships = SchoolStaff.objects.filter(school_id=org_id, user__in=users)
        return {
            m.user_id: str(labels["local_admin" if m.is_local_admin else "staff"])
            for m in memberships
        }

    def add_member(self, org_id: int, user: User, role: str) -> None:
        SchoolStaff.objects.create(
            school_id=org_id, user=user, is_local_admin=(role == "local_admin")
        )
