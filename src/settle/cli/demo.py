"""`settle demo`: the README's main job on the embedded examples and a synthetic city."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from settle.cli.common import LangOption, console, lang_of, pack_of, read_facts
from settle.cli.distribution import print_outcome as print_distribution
from settle.cli.indicators import print_population_indicators
from settle.cli.population import calibration_for, generate
from settle.cli.rounds import print_outcome
from settle.cli.score import print_result
from settle.i18n import Lang
from settle.packs.pack import Pack
from settle.packs.schema import ParamRef
from settle.paths import examples_dir
from settle.rules.bulk.columns import row_to_facts
from settle.rules.bulk.reading import read_people
from settle.rules.engine import evaluate
from settle.workflow.distribution import cohort_view, distribute
from settle.workflow.quota_round import choose_round, run_round


def score_examples(language: Lang) -> None:
    """Score and explain every example applicant (examples/<pack>__<who>.json)."""
    for path in sorted(examples_dir().glob("*.json")):
        pack_id = path.name.split("__")[0]
        console.rule(f"[bold]{path.name}[/]")
        print_result(evaluate(pack_of(pack_id), read_facts(str(path))), language)


def distribute_examples(language: Lang) -> None:
    """Distribute every example cohort (examples/<pack>__cohort.csv) by its pack's key."""
    for path in sorted(examples_dir().glob("*__cohort.csv")):
        pack = pack_of(path.name.split("__")[0])
        console.rule(f"[bold]{path.name}[/]")
        outcome = distribute(pack, read_people(str(path), cohort_view(pack)))
        print_distribution(outcome, language, {s.id: s.file for s in pack.meta.sources})


def sample_quota(pack: Pack, population_total: int, size: int) -> tuple[int, int]:
    """The pack's general-line quota, and the same quota scaled to a sample of `size`."""
    line = choose_round(pack, None).lines[-1]
    assert isinstance(line.quota, ParamRef)
    full = int(pack.meta.parameters[line.quota.param].value)  # type: ignore[arg-type]
    return full, max(1, round(full * size / population_total))


def explain_rows(pack: Pack, population: pl.DataFrame, ids: list[str], language: Lang) -> None:
    """Explain chosen persons of the population with the one-person engine."""
    rows = population.filter(pl.col("person_id").is_in(ids)).to_dicts()
    for row in sorted(rows, key=lambda r: ids.index(r["person_id"])):
        console.rule(f"{row['person_id']}")
        print_result(evaluate(pack, row_to_facts(pack, row)), language, compact=True)


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        lang: LangOption = "en",
        size: Annotated[int, typer.Option(min=100, help="Size of the synthetic population.")] = 100_000,
        out: Annotated[Path, typer.Option(help="Folder for the generated files.")] = Path("out"),
    ) -> None:
        """Score the example applicants and distribute the example cohorts, then generate a
        Hangzhou population and run its round."""
        language = lang_of(lang)
        score_examples(language)
        distribute_examples(language)
        console.rule("[bold]A synthetic Hangzhou and its 2017 round[/]")
        population_file = out / f"hangzhou-{size}.parquet"
        generate("hangzhou", size, seed=2017, out=population_file)
        pack = pack_of("hangzhou-2017")
        total = calibration_for("hangzhou").total.value
        full, quota = sample_quota(pack, total, size)
        console.print(f"The pack's 2017 quota is {full:,} for {total:,} registered migrants; "
                      f"scaled to this sample of {size:,} it is {quota:,}.")
        population = pl.read_parquet(population_file)
        outcome = run_round(pack, population, quota=quota)
        print_outcome(outcome)
        ranked_file = out / f"hangzhou-{size}-round.parquet"
        outcome.ranked.write_parquet(ranked_file)
        console.print(f"ranked list written to {ranked_file}")
        print_population_indicators(population_file, calibration_for("hangzhou").reference_date, language)
        general = outcome.ranked.filter(pl.col("line") == "general")
        admitted = general.filter(pl.col("admitted"))["person_id"]
        rejected = general.filter(~pl.col("admitted"))["person_id"]
        chosen = [admitted[0], admitted[-1], rejected[0], rejected[len(rejected) // 2]]
        console.print("\n[bold]Explained: the first and last admitted, the first rejected, "
                      "and a median applicant[/]")
        explain_rows(pack, population, chosen, language)
        simulate_reform(pack, population, population_file, quota, out, language)


DEMO_REFORMS = ["hangzhou-insurance-weight", "hangzhou-insurance-every-year"]


def simulate_reform(pack: Pack, population: pl.DataFrame, population_file: Path, quota: int,
                    out: Path, language: Lang) -> None:
    """Run two stacked reforms on the demo population and print their headline figures."""
    from settle.cli.reforms import print_summary, run_simulation
    from settle.packs.reforms import find_reform, load_reform, stack
    from settle.paths import reforms_dir

    console.rule("[bold]A reform on the same population[/]")
    loaded = [load_reform(find_reform(name, reforms_dir())) for name in DEMO_REFORMS]
    for reform in loaded:
        console.print(f"{reform.id}: {reform.reform.title(language)}")
    report, html = run_simulation(pack, loaded, stack(pack, loaded), population,
                                  population_name=str(population_file), quota=quota,
                                  out=out / "reform", lang=language)
    print_summary(report)
    console.print(f"report: {html}")
