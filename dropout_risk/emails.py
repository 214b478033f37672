"""One helper renders an e-mail triplet: <name>-subject.txt, <name>-body.txt, <name>-body.html
(healthchecks' hc/lib/emails.py). Could move to a shared module when a second app needs it."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated(name: str, *, to: str, context: dict) -> None:
    subject = " ".join(render_to_string(f"{name}-subject.txt", context).split())
    text = render_to_string(f"{name}-body.txt", context)
    html = render_to_string(f"{name}-body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()
