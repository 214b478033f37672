"""The initial list of rejection reasons (the list the ministry's guide uses).

The data is frozen here on purpose: later changes to the list are made in the admin (or in a
new migration), and this migration must keep doing what it did. Idempotent: keyed on `code`,
so running it against a database that already has a reason keeps the admin's wording.
"""

from django.db import migrations

REASONS = [
    ("adgangskrav", "Opfylder ikke adgangskrav", "Does not meet the entry requirements"),
    ("danskkundskaber", "Utilstrækkelige danskkundskaber", "Insufficient Danish language skills"),
    (
        "faglige-forudsaetninger",
        "Utilstrækkelige faglige forudsætninger",
        "Insufficient academic qualifications",
    ),
    (
        "personlige-sociale-kompetencer",
        "Vurdering af personlige og sociale kompetencer ved samtale",
        "Assessment of personal and social skills at the interview",
    ),
    ("udeblev-fra-samtale", "Ansøger udeblev fra samtale", "The applicant did not attend the interview"),
    (
        "trak-tilbage-eller-takkede-nej",
        "Ansøger trak ansøgningen tilbage eller takkede nej",
        "The applicant withdrew the application or declined the offer",
    ),
    ("ingen-ledige-laerepladser", "Ingen ledige lærepladser", "No vacant training places"),
    (
        "straffe-eller-boerneattest",
        "Forhold vedrørende straffe- eller børneattest",
        "Matters concerning the criminal record or child protection certificate",
    ),
    ("andet", "Andet", "Other"),
]


def seed(apps, schema_editor) -> None:
    RejectionReason = apps.get_model("rejections", "RejectionReason")
    for position, (code, text_da, text_en) in enumerate(REASONS, start=1):
        RejectionReason.objects.get_or_create(
            code=code,
            defaults={"text_da": text_da, "text_en": text_en, "position": position * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("rejections", "0001_initial")]

    # No reverse: the reasons may be referenced by registrations by then.
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
