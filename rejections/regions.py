"""The region (of the five Danish regions) a Danish postal code lies in, for statistics.

Approximate on purpose: postal districts do not follow municipal (and so regional) borders,
and a handful of districts straddle two regions. Each range below is assigned to the region
that holds most of it. Good enough for an aggregated statistic; never use it to decide
anything about a single company. Unknown, foreign, Faroese (38xx) and Greenlandic (39xx)
codes give "" ("ukendt region").

The region is stored on each rejection when it is registered (see Rejection.region), so a
workplace that later moves does not rewrite history.
"""

from __future__ import annotations

from apprenticeship.models import Region

# (first, last, region), inclusive, in ascending order.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (800, 2669, Region.HOVEDSTADEN),  # København, Frederiksberg, Vestegnen
    (2670, 2699, Region.SJAELLAND),  # Greve, Solrød, Karlslunde
    (2700, 3799, Region.HOVEDSTADEN),  # Nordsjælland and Bornholm (37xx)
    (4000, 4999, Region.SJAELLAND),  # Sjælland, Lolland, Falster, Møn
    (5000, 6899, Region.SYDDANMARK),  # Fyn, Sønderjylland, Esbjerg, Varde
    (6900, 6999, Region.MIDTJYLLAND),  # Skjern, Ringkøbing
    (7000, 7399, Region.SYDDANMARK),  # Fredericia, Vejle, Billund
    (7400, 7699, Region.MIDTJYLLAND),  # Herning, Holstebro, Struer
    (7700, 7799, Region.NORDJYLLAND),  # Thy
    (7800, 7899, Region.MIDTJYLLAND),  # Skive
    (7900, 7999, Region.NORDJYLLAND),  # Mors
    (8000, 8999, Region.MIDTJYLLAND),  # Aarhus, Silkeborg, Randers, Viborg
    (9000, 9999, Region.NORDJYLLAND),
)


def region_for_postal_code(postal_code: str) -> str:
    """The Region value for a Danish postal code, or "" when it cannot be placed."""
    code = (postal_code or "").strip()
    if not (len(code) == 4 and code.isdigit()):
        return ""
    number = int(code)
    for first, last, region in _RANGES:
        if first <= number <= last:
            return str(region)
    return ""
