"""Every page, in Chinese and English, on a 390-px phone and a 1100-px desk, passes axe-core
(no serious or critical violation of WCAG 2.2 A/AA or of axe's best practices) and the checks
axe leaves to us: the page's language, headings in order, a caption on every table, a
required field told to screen readers (not only by an aria-hidden star), a visible focus
outline, targets of at least 24 × 24 px, and focus moved to the first error of a refused form.

axe-core comes from the `axe-playwright-python` package, which ships axe.min.js; the test
injects it itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from settle.database import transaction
from settle.registry.migrate import upgrade
from settle.web.app import create_app
from tests.web.conftest import _serve, seed_notice_round, sign_in, submit

pytestmark = pytest.mark.browser

AXE = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
AXE_RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                   "best-practice"]},
             "resultTypes": ["violations"]}
FAILING_IMPACTS = ("serious", "critical")

# Our own checks, run in the page; each returns a list of problems (an empty list passes).
CHECKS = """() => {
  const problems = [];
  const where = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
      (e.getAttribute('name') ? '[name=' + e.getAttribute('name') + ']' : '') +
      ' "' + (e.innerText || e.value || '').trim().slice(0, 30) + '"';
  const shown = (e) => { const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
  let level = 0;
  for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')) {
    const next = Number(h.tagName[1]);
    if (next > level + 1) problems.push('heading ' + h.tagName + ' after h' + level + ': ' + where(h));
    level = next;
  }
  if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
  for (const table of document.querySelectorAll('table')) {
    const caption = table.querySelector(':scope > caption');
    if (!caption || !caption.innerText.trim()) problems.push('table without caption: ' + where(table));
  }
  for (const star of document.querySelectorAll('label [aria-hidden=true]')) {
    if (star.textContent.trim() !== '*') continue;
    const label = star.closest('label');
    const control = label.control || document.getElementById(label.htmlFor);
    if (!control || !(control.required || control.getAttribute('aria-required') === 'true'))
      problems.push('starred but not required for a screen reader: ' + where(label));
  }
  const targets = 'button, input:not([type=hidden]), select, textarea, summary, header a, nav a';
  for (const e of document.querySelectorAll(targets + ', a')) {
    if (!shown(e)) continue;
    // a link inside a sentence is exempt (WCAG 2.5.8); one standing alone is a target
    if (e.tagName === 'A' && !e.matches(targets) &&
        e.parentElement.innerText.trim() !== e.innerText.trim()) continue;
    const r = e.getBoundingClientRect();
    if (r.width < 24 - 0.5 || r.height < 24 - 0.5)
      problems.push('target ' + Math.round(r.width) + 'x' + Math.round(r.height) + ' px: ' + where(e));
  }
  return problems;
}"""

OUTLINE = """() => { const e = document.activeElement; const s = getComputedStyle(e);
  return e === document.body ? 'nothing' :
    (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 ? '' :
     'no visible focus outline on ' + e.tagName.toLowerCase() + '#' + e.id + ' "' +
     e.innerText.trim().slice(0, 30) + '"'); }"""


# the self-assessment form sent with an impossible answer (whatever step the page shows)
REFUSED_ANSWERS = """() => { const form = document.createElement('form');
  form.method = 'post'; form.action = location.pathname + location.search;
  const answer = document.createElement('input'); answer.name = 'volunteer_hours'; answer.value = '-5';
  form.appendChild(answer); document.body.appendChild(form); form.submit(); }"""


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """The demo city's round in public notice, served; yields the address and the id of the
    applicant's application."""
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('a11y')) / 'a11y.db'}"
    upgrade(url)
    app = create_app(url)
    with transaction(app.state.sessions) as session:
        application_id = seed_notice_round(session)
    app.state.today = dt.date(2017, 11, 15)
    for base in _serve(app):
        yield base, application_id


def _pages(application_id: int) -> list[tuple[str | None, list[str]]]:
    return [
        (None, ["/", "/notice/1", "/login", "/assess", "/assess/hangzhou-2017", "/no-such-page"]),
        ("applicant", ["/me", "/notice/1"]),
        ("clerk", ["/staff/intake"]),
        ("verifier-education", ["/staff/tasks"]),
        ("officer", ["/staff/rounds", "/staff/rounds/1", f"/staff/applications/{application_id}/audit",
                     "/staff/rounds/999"]),
        ("analyst", ["/analysis"]),
    ]


def _audit(page: Page) -> list[str]:
    """axe's serious and critical violations and our own problems on the page as it is."""
    result: dict[str, Any] = page.evaluate("(options) => axe.run(document, options)", AXE_RULES)
    problems = [f"axe {v['id']} ({v['impact']}): {v['help']}: " +
                "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
                for v in result["violations"] if v["impact"] in FAILING_IMPACTS]
    problems += page.evaluate(CHECKS)
    return problems


def _focus_outlines(page: Page, presses: int = 6) -> list[str]:
    """Tab through the first controls: each shows a focus outline."""
    page.locator("body").focus()
    problems = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        problem = page.evaluate(OUTLINE)
        if problem and problem != "nothing":
            problems.append(problem)
    return problems


@pytest.mark.parametrize(("lang", "width"), [("zh", 390), ("zh", 1100), ("en", 390), ("en", 1100)])
def test_every_page_passes_axe_and_our_own_checks(browser: Browser, city: tuple[str, int],
                                                  lang: str, width: int) -> None:
    base, application_id = city
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(AXE)  # every page has axe-core before its own scripts run
    page = context.new_page()
    found: dict[str, list[str]] = {}
    for username, paths in _pages(application_id):
        if username is None:
            context.clear_cookies()
        else:
            sign_in(page, base, username)
        for path in paths:
            page.goto(f"{base}{path}?lang={lang}")
            expected = "zh-CN" if lang == "zh" else "en"
            problems = _audit(page) + _focus_outlines(page)
            if page.evaluate("document.documentElement.lang") != expected:
                problems.append(f"html lang is not {expected}")
            found[f"{username or 'public'} {path}"] = problems
    # a refused form: focus moves to its first error, and the page with its errors passes too
    context.clear_cookies()
    page.goto(f"{base}/assess/hangzhou-2017?lang={lang}")
    with page.expect_navigation():
        page.evaluate(REFUSED_ANSWERS)
    focused = page.evaluate("document.activeElement.id")
    first_error = page.locator("main [aria-invalid=true]").first.get_attribute("id")
    found["refused self-assessment"] = _audit(page) + (
        [] if focused == first_error else [f"focus on {focused!r}, not the first error {first_error!r}"])
    page.goto(f"{base}/login?lang={lang}")
    page.fill("#username", "officer")
    page.fill("#password", "wrong")
    submit(page, "main button[type=submit]")
    focused = page.evaluate("document.activeElement.getAttribute('role') || document.activeElement.id")
    found["refused login"] = _audit(page) + (
        [] if focused == "alert" else [f"focus on {focused!r}, not the error"])
    context.close()
    failing = {where: problems for where, problems in found.items() if problems}
    assert failing == {}, "\n".join(f"{where}:\n  " + "\n  ".join(p) for where, p in failing.items())
