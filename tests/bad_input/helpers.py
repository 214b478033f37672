"""Hostile input for the forms: strategies and the one rule every answer must obey.

The rule (issue 11): a form answers bad input with HTTP 200 and the form shown again with
what the user typed, or it saves correctly. Never a 500, and never an error page instead of
the form.
"""

from __future__ import annotations

import html

from django.http import HttpResponse
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

# A function-scoped fixture (the demo world) is shared by a test's examples on purpose: it
# is read-only for the forms here, or the saves pile up harmlessly.
fuzz = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # No shrinking: each example is a request or two, and shrinking one took minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
few = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # No shrinking: each example is a request or two, and shrinking one took minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)

# Characters that break things: NUL (PostgreSQL refuses it in text), other C0/C1 controls,
# bidi overrides, zero-width characters, a BOM, lone combining marks, astral emoji.
NASTY = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9f\u200b\u200e\u202e\u2028\u2029\ufeff"
    "\u0301\U0001f600\U0001f468\u200d\U0001f469\ufffd<>&\"'=+-@;,\t"
)

# Every Unicode character except surrogates (an HTTP body cannot carry them).
unicode_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
control_text = st.text(
    alphabet=st.one_of(st.sampled_from(NASTY), st.characters(categories=("Cc", "Cf"))),
    min_size=1,
    max_size=60,
)
mixed_text = st.lists(st.one_of(unicode_text, control_text), min_size=1, max_size=3).map("".join)
# 5,000–40,000 characters, built by repetition so generating them costs nothing.
long_text = st.builds(
    lambda piece, times: piece * times,
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=8),
    st.integers(min_value=5000, max_value=5000),
).filter(lambda s: len(s.strip()) >= 5000)  # whitespace alone is stripped to ''
number_text = st.one_of(
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        ["-0", "1e400", "9" * 19, "9" * 40, "0x1F", "١٢٣", "１２", "²", "½", " 3 ", "3.0", ""]
    ),
)
date_text = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
    st.sampled_from(
        ["0000-00-00", "2026-02-30", "9999-12-31", "0001-01-01", "31-12-99999", "2026-13-01", ""]
    ),
)
hostile_text = st.one_of(unicode_text, control_text, mixed_text, number_text, date_text)
# A field sent several times (a list where one value is expected).
hostile_list = st.lists(hostile_text, min_size=2, max_size=4)
hostile_value = st.one_of(hostile_text, hostile_list)


def assert_not_500(response: HttpResponse) -> None:
    assert response.status_code < 500, response.content[:2000]


def assert_form_again(response: HttpResponse, *typed: object) -> None:
    """HTTP 200 with the form shown again and each typed text in it (escaped, as rendered)."""
    assert_not_500(response)
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    assert "<form" in body
    for value in typed:
        if isinstance(value, str) and value:
            assert kept(value, body), f"lost what the user typed: {value!r}"


def kept(value: str, body: str) -> bool:
    """Whether the page shows `value` as typed (an HTML parser reads CR LF as LF)."""
    escaped = html.escape(value, quote=True)
    candidates = {
        escaped,
        escaped.replace("&#x27;", "&#x27;"),
        escaped.replace("\r\n", "\n").replace("\r", "\n"),
    }
    candidates |= {c.replace("&#x27;", "&#39;") for c in candidates}
    return any(c in body for c in candidates)


def saved_or_form_again(response: HttpResponse, *typed: object) -> None:
    """A redirect (saved) or the form again with what was typed."""
    assert_not_500(response)
    if response.status_code in (301, 302, 303):
        return
    assert_form_again(response, *typed)
