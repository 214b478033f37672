"""An integer-array column that is a real array on PostgreSQL and JSON text elsewhere.

The log must answer "every access to apprentice X" with one indexed query over tens of
millions of rows. On PostgreSQL that is `apprentice_ids @> ARRAY[x]` served by a GIN index
(created in the migration). The embedded default (SQLite) has no arrays, so the same field
stores a JSON list there and answers `contains` through SQLite's json_each().

`django.contrib.postgres` is deliberately not in INSTALLED_APPS (it is not needed for
ArrayField and its lookups; only for hstore, unaccent and the like).
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.fields.array import ArrayContains
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper


def _is_postgres(connection: BaseDatabaseWrapper) -> bool:
    return connection.vendor == "postgresql"


class ApprenticeIdsField(ArrayField):
    """A sorted list of apprentice ids (`integer[]` on PostgreSQL, JSON text elsewhere).

    int4 rather than int8: half the size in the heap and the GIN index, and two billion
    apprentices is far beyond anything this portal will hold.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("base_field", models.IntegerField())
        super().__init__(**kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        # The base field is fixed by this class; keeping it out keeps migrations short.
        kwargs.pop("base_field", None)
        kwargs.pop("size", None)
        return name, path, args, kwargs

    def db_type(self, connection: BaseDatabaseWrapper) -> str:
        return super().db_type(connection) if _is_postgres(connection) else "text"

    def cast_db_type(self, connection: BaseDatabaseWrapper) -> str:
        return super().cast_db_type(connection) if _is_postgres(connection) else "text"

    def get_placeholder(self, value: object, compiler: object, connection: BaseDatabaseWrapper):
        # ArrayField casts with "%s::integer[]", which only PostgreSQL understands.
        return (
            super().get_placeholder(value, compiler, connection)
            if _is_postgres(connection)
            else "%s"
        )

    def get_db_prep_value(
        self, value: object, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> object:
        value = super().get_db_prep_value(value, connection, prepared)
        if _is_postgres(connection) or value is None:
            return value
        return json.dumps(list(value))  # type: ignore[call-overload]

    def from_db_value(self, value: object, expression: object, connection: object) -> object:
        if isinstance(value, str):
            return json.loads(value)
        return value


@ApprenticeIdsField.register_lookup
class ApprenticeIdsContains(ArrayContains):
    """`apprentice_ids__contains=[x]`: `@>` on PostgreSQL, json_each() on SQLite."""

    lookup_name = "contains"

    def __init__(self, lhs: object, rhs: object) -> None:
        self.wanted = [int(v) for v in rhs] if isinstance(rhs, list | tuple) else None
        super().__init__(lhs, rhs)

    def as_sqlite(self, compiler: Any, connection: BaseDatabaseWrapper) -> tuple[str, list]:
        if self.wanted is None:
            raise NotImplementedError("contains on SQLite needs a literal list of ids")
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        # One EXISTS per wanted id: every one of them must be in the stored list.
        # lhs_sql is Django's own quoted column reference; the ids go in as parameters.
        one = f"EXISTS (SELECT 1 FROM json_each({lhs_sql}) AS ids WHERE ids.value = %s)"  # noqa: S608
        clauses = [one] * len(self.wanted) or ["1 = 1"]
        params: list = []
        for wanted in self.wanted:
            params.extend([*lhs_params, wanted])
        return "(" + " AND ".join(clauses) + ")", params
