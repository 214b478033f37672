"""One helper renders an e-mail triplet: <name>-subject.txt, <name>-body.txt, <name>-body.html
(healthchecks' hc/lib/emails.py), from training_declarations/emails/.

E-mails carrying a secret (a personal link, a one-time code) are sent from the process that
made the secret, after the transaction commits: the secret never passes through the broker
and never lands in the database in the clear.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def send_templated(name: str, *, to: Iterable[str], context: dict) -> None:
    """One message per recipient, so no school contact learns the others' addresses.
    In the portal's language: the recipients are not the person whose click sent it."""
    with translation.override(settings.LANGUAGE_CODE):
        _send(name, to=to, context=context)


def _send(name: str, *, to: Iterable[str], context: dict) -> None:
    base = f"training_declarations/emails/{name}"
    subject = " ".join(render_to_string(f"{base}-subject.txt", context).split())
    text = render_to_string(f"{base}-body.txt", context)
    html = render_to_string(f"{base}-body.html", context)
    for address in dict.fromkeys(to):
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
        message.attach_alternative(html, "text/html")
        message.send()


def absolute_url(view_name: str, **kwargs: object) -> str:
    base = getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return base + reverse(f"training_declarations:{view_name}", kwargs=kwargs or None)
