"""Shared steps of the walkthrough tests (issue 11)."""

from __future__ import annotations

from demo.data import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, screenshot

__all__ = ["assert_accessible", "focused", "log_in", "log_out", "screenshot", "tab_to"]


def log_in(page, email: str, password: str = DEMO_PASSWORD, *, check: bool = True) -> None:
    """Sign in on the front page and accept the terms (and obligations) if asked."""
    page.goto("/")
    if check:
        assert_accessible(page, "login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    while page.get_by_role("button", name="Acceptér og fortsæt").count():
        page.get_by_label("Jeg har læst og accepterer vilkårene").check()
        page.get_by_role("button", name="Acceptér og fortsæt").click()


def log_out(page) -> None:
    page.get_by_role("button", name="Log ud").click()


def focused(page) -> dict[str, str]:
    return page.evaluate(
        """() => { const e = document.activeElement;
            return {tag: e.tagName.toLowerCase(), name: e.getAttribute('name') || '',
                    text: (e.innerText || e.value || '').trim().slice(0, 80),
                    type: e.getAttribute('type') || '', id: e.id || ''}; }"""
    )


def tab_to(page, predicate, *, limit: int = 80, key: str = "Tab") -> dict[str, str]:
    """Press Tab until the focused element satisfies predicate(focused dict)."""
    for _ in range(limit):
        page.keyboard.press(key)
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError(f"{limit} × {key} never reached the element; last: {focused(page)}")
