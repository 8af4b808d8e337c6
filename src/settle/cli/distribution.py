"""`settle distribute`: share a cohort out among a pack's destinations by its key."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from settle import words
from settle.cli.common import (
    AsOfOption,
    JsonOption,
    LangOption,
    PackOption,
    PoliciesOption,
    add_policies,
    console,
    date_of,
    fail,
    lang_of,
    pack_of,
    print_json,
)
from settle.language.text import Lang
from settle.rules.bulk.reading import read_people
from settle.rules.facts import InvalidFacts
from settle.tables import TableError, write_table
from settle.workflow.distribution import (
    DistributionError,
    DistributionOutcome,
    cohort_columns,
    cohort_view,
    distribute,
)

CapacityOption = Annotated[list[str] | None, typer.Option(
    "--capacity", metavar="DEST=N",
    help="The most persons a destination takes (repeatable), beside the pack's own capacities.")]


def decimal_text(value: Fraction, places: int = 2) -> str:
    """A fraction rounded half up to `places` decimals, as text (212.10)."""
    scaled = value * 10**places
    whole = int(scaled + Fraction(1, 2)) if scaled >= 0 else -int(-scaled + Fraction(1, 2))
    sign = "-" if whole < 0 else ""
    digits = str(abs(whole)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}" if places else f"{sign}{digits}"


def capacities(values: list[str] | None, lang: Lang) -> dict[str, int]:
    """`--capacity berlin=500` as {berlin: 500}; exits naming a bad one."""
    out: dict[str, int] = {}
    for value in values or []:
        name, _, number = value.partition("=")
        if not name or not number.strip().isdigit():
            fail(words.word("distribution", "bad_capacity", lang, value=value))
        out[name.strip()] = int(number)
    return out


def print_outcome(outcome: DistributionOutcome, lang: Lang, files: dict[str, str]) -> None:
    """The summary, the table per destination and where the key shares come from."""
    def w(key: str, **values: Any) -> str:
        return words.word("distribution", key, lang, **values)

    console.print(w("summary", title=outcome.title(lang), pack=outcome.pack, day=outcome.as_of,
                    cohort=f"{outcome.cohort:,}", households=f"{outcome.households:,}",
                    placed=f"{outcome.placed:,}", unplaced=f"{outcome.unplaced:,}"), soft_wrap=False)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_footer=True, collapse_padding=True)
    table.add_column(w("destination"), footer=w("total"), overflow="fold")
    places = max(-d.share.as_tuple().exponent for d in outcome.destinations)  # type: ignore[operator]
    shown = f"{{:.{max(0, places)}f}}"
    for key in ("key_share", "exact_quota", "places", "allocated", "capacity"):
        table.add_column(w(key), justify="right", no_wrap=True)
    for d in outcome.destinations:
        table.add_row(d.title(lang), shown.format(d.share), decimal_text(d.exact_quota),
                      f"{d.places:,}", f"{d.allocated:,}",
                      w("no_capacity") if d.capacity is None else f"{d.capacity:,}")
    columns = table.columns
    columns[1].footer = shown.format(sum((d.share for d in outcome.destinations), Decimal(0)))
    columns[2].footer = decimal_text(sum((d.exact_quota for d in outcome.destinations), Fraction(0)))
    columns[3].footer = f"{sum(d.places for d in outcome.destinations):,}"
    columns[4].footer = f"{outcome.placed:,}"
    console.print(table)
    lines: dict[tuple[Any, str], list[int]] = {}
    for d in outcome.destinations:
        span = d.share_cite.line_range()
        lines.setdefault((d.share_since, files.get(d.share_cite.source, d.share_cite.source)),
                         []).extend(span or ())
    for (since, file), numbers in sorted(lines.items()):
        where = f"{file} {min(numbers)}-{max(numbers)}" if numbers else file
        console.print(w("key_in_force", since=since, source=where))


def outcome_json(outcome: DistributionOutcome) -> dict[str, Any]:
    """What `settle distribute --json` says: the counts and each destination."""
    return {"pack": outcome.pack, "distribution": outcome.distribution, "as_of": outcome.as_of,
            "cohort": outcome.cohort, "households": outcome.households, "placed": outcome.placed,
            "unplaced": outcome.unplaced,
            "destinations": [{
                "id": d.id, "title": {"en": d.title.en, "zh": d.title.zh}, "share": d.share,
                "share_since": d.share_since,
                "share_cite": d.share_cite.model_dump(exclude_none=True),
                "exact_quota": decimal_text(d.exact_quota, 6),
                "exact_quota_fraction": f"{d.exact_quota.numerator}/{d.exact_quota.denominator}",
                "places": d.places, "allocated": d.allocated, "capacity": d.capacity,
                "deviation": decimal_text(d.deviation, 6)} for d in outcome.destinations]}


def register(app: typer.Typer) -> None:
    @app.command("distribute")
    def distribute_(
        pack: PackOption,
        cohort: Annotated[str, typer.Option(
            help="The persons to distribute: .parquet, .csv, .json, .ndjson or sqlite:FILE:TABLE, "
                 "with person_id and the columns the pack orders by.")],
        as_of: AsOfOption = None,
        capacity: CapacityOption = None,
        out: Annotated[Path | None, typer.Option(
            help="Write each person's destination (.parquet or .csv).")] = None,
        lang: LangOption = "en",
        as_json: JsonOption = False,
        policies: PoliciesOption = None,
    ) -> None:
        """Share a cohort out among the pack's destinations by its key (largest remainder,
        within capacity, in the published order), and say what each destination received."""
        add_policies(policies)
        language = lang_of(lang)
        day = date_of(as_of)
        chosen = pack_of(pack, day)
        limits = capacities(capacity, language)
        wanted = cohort_columns(chosen)
        try:
            table = read_people(cohort, cohort_view(chosen), lambda c: c in wanted)
            outcome = distribute(chosen, table, as_of=day, capacity=limits)
        except TableError as exc:
            fail(str(exc))
        except (DistributionError, InvalidFacts) as exc:
            fail(exc.text(language))
        if out is not None:
            try:
                write_table(outcome.assigned, out)
            except TableError as exc:
                fail(str(exc))
        if as_json:
            print_json({**outcome_json(outcome), "written_to": out})
            return
        print_outcome(outcome, language, {s.id: s.file for s in chosen.meta.sources})
        if out is not None:
            console.print(words.word("distribution", "written", language,
                                     count=f"{outcome.assigned.height:,}", path=out))
