"""The officer's distribution page: a cohort pasted as CSV (or the pack's example cohort)
shared out by a distribution pack's key, with what each destination received and where each
person went, and why (settle.services.distribution, the service under POST /distribution)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from settle import words
from settle.errors import Invalid, SettleError
from settle.i18n import Lang
from settle.packs import Pack
from settle.paths import examples_dir
from settle.services.distribution import (
    cohort_rows,
    distribute_cohort,
    distribution_pack,
    distribution_packs,
    report,
)
from settle.web.pages import LangDep, MaybeAccount, need, render

router = APIRouter(prefix="/staff", include_in_schema=False)

SHOWN = 300
"""The persons the page lists (the API and the CLI give every one)."""


def _words(lang: Lang) -> Any:
    return lambda key, **values: words.word("distribution", key, lang, **values)


def _form(request: Request, lang: Lang, account: Any, packs: list[Pack], chosen: Pack,
          values: dict[str, str], error: SettleError | None = None, **context: Any) -> HTMLResponse:
    spec = chosen.meta.distribution
    assert spec is not None
    return render(request, "distribution.html", lang, account, status=422 if error else 200,
                  w=_words(lang), packs=packs, chosen=chosen, destinations=spec.destinations,
                  values=values, error=None if error is None else error.text(lang),
                  error_field=None if error is None else error.field, **context)


@router.get("/distribution", response_class=HTMLResponse)
def distribution_form(request: Request, lang: LangDep, account: MaybeAccount,
                      pack: str | None = None) -> HTMLResponse:
    officer = need(account, "bureau_officer", "administrator")
    packs = distribution_packs()
    if not packs:
        raise Invalid(words.text("distribution", "unknown_pack", pack=pack or "-", known="-"), field="pack")
    chosen = distribution_pack(pack) if pack else packs[0]
    return _form(request, lang, officer, packs, chosen,
                 {"as_of": chosen.meta.default_evaluation_date.isoformat()})


def _example(pack: Pack) -> str:
    path = examples_dir() / f"{pack.id}__cohort.csv"
    if not path.is_file():
        raise Invalid(words.text("distribution", "page_no_example", pack=pack.id), field="cohort")
    return path.read_text(encoding="utf-8")


@router.get("/distribution/example.csv")
def example_cohort(account: MaybeAccount, pack: str) -> Response:
    """The pack's example cohort, a template of the columns a cohort needs."""
    need(account, "bureau_officer", "administrator")
    chosen = distribution_pack(pack)
    return Response(_example(chosen), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{chosen.id}__cohort.csv"'})


def _capacities(form: dict[str, str], pack: Pack) -> dict[str, int]:
    spec = pack.meta.distribution
    assert spec is not None
    out: dict[str, int] = {}
    for destination in spec.destinations:
        raw = form.get(f"capacity_{destination.id}", "").strip()
        if not raw:
            continue
        if not raw.isdigit():
            raise Invalid(words.text("distribution", "bad_capacity", value=f"{destination.id}={raw}"),
                          field=f"capacity_{destination.id}")
        out[destination.id] = int(raw)
    return out


@router.post("/distribution", response_class=HTMLResponse)
async def distribution_result(request: Request, lang: LangDep, account: MaybeAccount) -> HTMLResponse:
    officer = need(account, "bureau_officer", "administrator")
    form = {k: str(v) for k, v in (await request.form()).items()}
    packs = distribution_packs()
    chosen = distribution_pack(form.get("pack", ""))
    values = {k: v for k, v in form.items() if k != "cohort"}
    try:
        raw_day = form.get("as_of", "").strip()
        try:
            day = dt.date.fromisoformat(raw_day) if raw_day else None
        except ValueError:
            raise Invalid(words.text("distribution", "bad_day", value=raw_day), field="as_of") from None
        text = _example(chosen) if form.get("example") else form.get("cohort", "")
        outcome = distribute_cohort(chosen, cohort_rows(text), as_of=day,
                                    capacity=_capacities(form, chosen))
    except Invalid as exc:
        return _form(request, lang, officer, packs, chosen, {**values, "cohort": form.get("cohort", "")},
                     error=exc)
    answer = report(chosen, outcome, lang)
    summary = words.word("distribution", "page_summary", lang, title=answer.title, day=answer.as_of,
                         cohort=f"{answer.cohort:,}", households=f"{answer.households:,}",
                         placed=f"{answer.placed:,}", unplaced=f"{answer.unplaced:,}")
    return _form(request, lang, officer, packs, chosen, values, answer=answer, summary=summary,
                 persons=answer.persons[:SHOWN], shown=min(SHOWN, len(answer.persons)))
