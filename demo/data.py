"""The demo's fixed cast: organisations, places and the accounts listed in README."""

from __future__ import annotations

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - documented demo password, demo data only

FIRST_NAMES = [
    "Mette",
    "Sofie",
    "Emma",
    "Ida",
    "Freja",
    "Laura",
    "Anna",
    "Clara",
    "Maja",
    "Julie",
    "Mads",
    "Frederik",
    "Lucas",
    "Oliver",
    "Emil",
    "Noah",
    "William",
    "Magnus",
    "Aya",
    "Yasmin",
    "Mathilde",
    "Karoline",
    "Line",
    "Camilla",
    "Ahmed",
    "Sara",
    "Nanna",
    "Tobias",
    "Jonas",
    "Asta",
]
LAST_NAMES = [
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Østergaard",
    "Kaya",
    "Hussein",
    "Lund",
    "Holm",
    "Bak",
]
STREETS = [
    "Søndergade",
    "Vestergade",
    "Nørregade",
    "Østergade",
    "Bakkevej",
    "Skovvej",
    "Engvej",
    "Kirkevej",
    "Møllevej",
    "Birkevej",
    "Ahornvej",
    "Lærkevej",
    "Rosenvænget",
    "Havnegade",
]

COMPANIES = [
    {
        "key": "kommune",
        "seed": 101,
        "name": "Havnestad Kommune",
        "address": "Rådhuspladsen 1",
        "postal_code": "8000",
        "city": "Havnestad",
        "cvr_email": "post@havnestad.demo.test",
        "workplaces": [
            ("Plejecenter Solgården", "Solgårdsvej 12"),
            ("Plejecenter Lindely", "Lindevej 3"),
            ("Hjemmeplejen Nord", "Nordre Ringvej 40"),
            ("Hjemmeplejen Syd", "Sydvestvej 8"),
            ("Sundhedshuset Havnestad", "Havnegade 22"),
        ],
    },
    {
        "key": "snedker",
        "seed": 202,
        "name": "Snedkeriet Ege & Søn ApS",
        "address": "Industrivej 14",
        "postal_code": "8600",
        "city": "Silkeborg",
        "cvr_email": "kontor@egeogsoen.demo.test",
        "workplaces": [
            ("Snedkeriet Ege & Søn – værkstedet", "Industrivej 14"),
            ("Snedkeriet Ege & Søn – montage", "Fabriksvej 2"),
        ],
    },
    {
        "key": "byg",
        "seed": 303,
        "name": "Nordlys Byg A/S",
        "address": "Stationsvej 5",
        "postal_code": "9000",
        "city": "Aalborg",
        "cvr_email": "",
        "workplaces": [("Nordlys Byg A/S", "Stationsvej 5")],
    },
]

SCHOOLS = [
    {
        "key": "sosu",
        "name": "SOSU Havnestad",
        "institution_number": "751401",
        "address": "Skolevej 10",
        "postal_code": "8000",
        "city": "Havnestad",
        "region": "midtjylland",
    },
    {
        "key": "teknisk",
        "name": "Erhvervsskolen Midt",
        "institution_number": "751402",
        "address": "Teknikervej 1",
        "postal_code": "8600",
        "city": "Silkeborg",
        "region": "midtjylland",
    },
]

EDUCATIONS = [
    {
        "code": "SOSU-ASS",
        "name": "Social- og sundhedsassistent",
        "is_sosu": True,
        "specialties": [],
    },
    {"code": "SOSU-HJ", "name": "Social- og sundhedshjælper", "is_sosu": True, "specialties": []},
    {
        "code": "SNEDKER",
        "name": "Snedker",
        "is_sosu": False,
        "specialties": [("SNED-BYG", "Bygningssnedker"), ("SNED-MOB", "Møbelsnedker")],
    },
    {"code": "TOEMRER", "name": "Tømrer", "is_sosu": False, "specialties": []},
]

NORWEGIAN_ORGANISATIONS = [
    {"key": "fylke", "kind": "county", "seed": 11, "name": "Vestkyst fylkeskommune"},
    {
        "key": "kontor",
        "kind": "training_office",
        "seed": 22,
        "name": "Opplæringskontoret for bygg og anlegg Vestkyst",
        "county": "fylke",
    },
]

TERMS_TITLE = "Vilkår for brug af Læreportal"
TERMS_BODY = """Læreportal giver adgang til oplysninger om elever og lærlinge. \
Når du bruger portalen, accepterer du følgende:

1. Du må kun tilgå oplysninger om elever og lærlinge, som du har et aktuelt, arbejdsbetinget \
tilhørsforhold til. Du vælger selv disse elever i portalens udvælgelse og skal opdatere den, når \
tilhørsforholdet ophører.
2. Du må kun bruge portalen på vegne af din organisation og ikke til private formål.
3. Al adgang til elevoplysninger logges: hvem, hvornår, hvilke elever og til hvilket formål. \
Loggen kan udleveres til din ledelse og bruges ved mistanke om misbrug.
4. Du skal holde dine loginoplysninger hemmelige og straks melde misbrug til din lokale \
brugeradministrator.
"""

OBLIGATIONS_TITLE = "Brugerens forpligtelser"
OBLIGATIONS_BODY = """Som bruger af Læreportal på vegne af din organisation forpligter du dig til:

1. Kun at bruge din adgang til kommunikation og sagsbehandling på vegne af den organisation, \
der har oprettet dig som bruger.
2. Ikke at bruge adgangen til private formål.
3. At opbevare dine loginoplysninger og din anden faktor betryggende, så kun du kan bruge dem.
4. Straks at få din bruger suspenderet af din lokale brugeradministrator, hvis du har mistanke \
om misbrug, og at få den spærret, hvis dine oplysninger ikke længere er korrekte.

Oplysninger om din bruger og dine accepter opbevares i 6 år efter, at brugeren er \
tilbagekaldt, og slettes derefter.
"""
