"""The verifier's queue: one department's evidence, searched, filtered, sorted, grouped by
applicant and paged, each item decided alone or many confirmed at once.

A search by name or identity number travels in a form body (POST), never in the address:
addresses reach the access log and the browser's history (docs/security.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse

from settle.api.deps import RowId, SessionDep, TodayDep
from settle.errors import SettleError
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.web.routes.documents import words as document_words
from settle.web.routes.staff import form_value
from settle.web.values import fact_title, fact_value
from settle.web.words import t
from settle.words import word
from settle.workflow import applications as apps
from settle.workflow import listings, round_service
from settle.workflow import task_queue as queue
from settle.workflow.documents import documents_by_fact

router = APIRouter(prefix="/staff", include_in_schema=False)

TASKS_PER_PAGE = 50
ORDER_WORDS = {"application": "order_application", "fact": "order_fact", "oldest": "order_oldest",
               "newest": "order_newest"}
RECORD_WORDS = {"registry": "record_registry", "verified": "record_verified"}
Fact = Annotated[str, Query(max_length=60)]
AppNo = Annotated[int | None, Query(ge=1, le=2_147_483_647)]
PageNo = Annotated[int, Query(ge=1, le=100_000)]
State = Annotated[str, Query(max_length=12)]
Order = Annotated[str, Query(max_length=12)]


def _queue(request: Request, lang: Any, verifier: Any, session: Any, chosen: queue.TaskFilter, page: int,
           message: str | None = None, refused: list[tuple[int, SettleError]] | None = None,
           error: str | None = None, status: int = 200) -> HTMLResponse:
    found = queue.queue_page(session=session, actor=verifier.username, chosen=chosen, page=page,
                             per_page=TASKS_PER_PAGE)
    facts = [(name, n, fact_title(found.pack, name, lang) if found.pack else name)
             for name, n in found.by_fact.items()]
    groups: dict[int, int] = {}
    for row in found.rows:
        groups[row.item.application_id] = groups.get(row.item.application_id, 0) + 1
    return render(request, "tasks.html", lang, verifier, status=status, found=found, chosen=chosen,
                  facts=facts, groups=groups, fact_title=fact_title, fact_value=fact_value,
                  choices=choices, states=queue.TASK_STATES,
                  orders=[(o, t(ORDER_WORDS[o], lang)) for o in queue.TASK_ORDERS],
                  record_words={k: t(v, lang) for k, v in RECORD_WORDS.items()}, message=message,
                  error=error, **document_words(lang),
                  task_documents=documents_by_fact(
                      session=session, application_ids=[r.item.application_id for r in found.rows]),
                  refused=[(item_id, exc.text(lang)) for item_id, exc in refused or []])


def choices(spec: Any, declared: Any, lang: Any) -> list[tuple[str, str]] | None:
    """The values a correction of the fact is chosen from, the declared one left out (None:
    the value is typed in)."""
    if spec is None:
        return None
    if spec.type == "category" and spec.values:
        return [(key, text(lang)) for key, text in spec.values.items() if key != declared]
    if spec.type == "boolean":
        both = (("true", "yes", True), ("false", "no", False))
        return [(key, t(word_key, lang)) for key, word_key, value in both if declared is not value]
    return None


@router.get("/tasks", response_class=HTMLResponse)
def tasks(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep, fact: Fact = "",
          application: AppNo = None, page: PageNo = 1, state: State = "pending",
          order: Order = "application", group: Annotated[bool, Query()] = False) -> HTMLResponse:
    """The department's queue, 50 items a page, filtered by state, fact or application, sorted
    and grouped by applicant; no search in the address (the form posts it)."""
    verifier = need(account, "department_verifier")
    chosen = queue.TaskFilter(department=verifier.department, state=state, fact=fact or None,
                              application_id=application, order=order, grouped=group)
    return _queue(request, lang, verifier, session, chosen, page)


def _posted(verifier: Any, form: Any) -> tuple[queue.TaskFilter, int]:
    """The queue's filter and page from a posted form (the search among them)."""
    def number(name: str, default: int | None) -> int | None:
        text = str(form.get(name, "") or "").strip()
        return int(text) if text.isdigit() and 0 < int(text) <= 2_147_483_647 else default

    return queue.TaskFilter(
        department=verifier.department, state=str(form.get("state") or "pending")[:12],
        fact=str(form.get("fact") or "")[:60] or None, application_id=number("application", None),
        search=str(form.get("q") or "")[:60].strip() or None,
        order=str(form.get("order") or "application")[:12], grouped=bool(form.get("group"))), \
        number("page", 1) or 1


@router.post("/tasks", response_class=HTMLResponse)
async def search_tasks(request: Request, lang: LangDep, account: MaybeAccount,
                       session: SessionDep) -> HTMLResponse:
    """The queue as the filter form asks, its search by name or identity number in the body."""
    verifier = need(account, "department_verifier")
    chosen, page = _posted(verifier, await request.form())
    return _queue(request, lang, verifier, session, chosen, page)


@router.post("/tasks/confirm", response_class=HTMLResponse)
async def confirm_many(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
                       today: TodayDep) -> HTMLResponse:
    """Confirm the ticked tasks, each as a single confirmation would; the queue again, with how
    many were confirmed and each one refused with why."""
    verifier = need(account, "department_verifier")
    form = await request.form()
    chosen, page = _posted(verifier, form)
    try:
        items = queue.parse_batch([str(v) for v in form.getlist("items")])
    except SettleError as exc:
        return _queue(request, lang, verifier, session, chosen, page, error=exc.text(lang), status=exc.status)
    outcome = queue.confirm_tasks(session=session, actor=verifier.username, department=verifier.department,
                                  items=items, today=today)
    message = word("pages", "batch_confirmed", lang, count=len(outcome.confirmed))
    return _queue(request, lang, verifier, session, chosen, page, message=message, refused=outcome.refused)


@router.post("/tasks/{item_id}", response_class=HTMLResponse)
def decide(item_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
           today: TodayDep, decision: str = Form("", max_length=10),
           version: int = Form(ge=1, le=2_147_483_647), value: str = Form("", max_length=2000),
           reason: str = Form("", max_length=500)) -> HTMLResponse:
    verifier = need(account, "department_verifier")
    spec = None
    if value.strip():
        item = apps.get_evidence(session=session, item_id=item_id)
        round_ = apps.get_round(session=session, round_id=apps.get_application(
            session=session, application_id=item.application_id).round_id)
        spec = apps.pack_of_round(round_).facts.get(item.fact)
    typed = None if not value.strip() else (value if spec is None else form_value(spec, value))
    item, _report = round_service.decide_evidence(
        session=session, actor=verifier.username, department=verifier.department, item_id=item_id,
        decision=decision, expected_version=version, value=typed, reason=reason or None, today=today)
    pack = listings.packs_of_applications(session=session,
                                          application_ids=[item.application_id])[item.application_id]
    return render(request, "task_done.html", lang, verifier, item=item, pack=pack, fact_title=fact_title,
                  fact_value=fact_value)

