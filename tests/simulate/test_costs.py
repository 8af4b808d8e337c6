"""Costs as data: the seeds' cost models load with their citations and assumptions, a
scenario costs its admitted count times the cost per person, split so the parts add up."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from settle.packs import PackError
from settle.paths import costs_dir
from settle.simulate.costs import cost_of, costs, load_costs


@pytest.mark.parametrize("path", sorted(costs_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_every_cost_model_loads_and_every_payer_is_cited_or_assumed(path: Path) -> None:
    model = load_costs(path)
    assert model.per_person.cite.source in {s.id for s in model.sources}
    assert all(p.cite is not None or p.assumption for p in model.payers)


def test_guangzhou_costs_a_person_what_its_model_gives_and_the_city_pays_99_24_percent() -> None:
    model = load_costs(costs_dir() / "guangzhou.yaml")
    cost = cost_of(model, 1_500_000)
    assert cost["total"] == Decimal("23933895000.00")  # the seed's 23.9339 billion, to the dollar
    assert cost["by_payer"]["municipal"] == Decimal("23751997398.00")
    assert sum(cost["by_category"].values()) == cost["total"] == sum(cost["by_payer"].values())


def test_the_national_figure_is_shared_by_central_and_local_government_and_the_market() -> None:
    model = load_costs(costs_dir() / "national.yaml")
    cost = cost_of(model, 20_000_000)
    assert cost["total"] == Decimal("304000000000.00")
    assert cost["by_payer"] == {"central": Decimal("76000000000.00"), "local": Decimal("76000000000.00"),
                                "market": Decimal("152000000000.00")}


def test_a_scenario_that_admits_the_same_number_costs_the_same_and_a_hidden_count_hides_its_cost() -> None:
    model = load_costs(costs_dir() / "national.yaml")
    scenarios: list[dict[str, Any]] = [{"name": "baseline", "admitted": 120},
                                       {"name": "same", "admitted": 120},
                                       {"name": "tiny", "admitted": None}]
    rows = costs(model, scenarios, [120, 120, 3])["scenarios"]
    assert rows[1]["change"] == 0 and rows[1]["total"] == rows[0]["total"]
    assert rows[2]["total"] is None and rows[2]["change"] is None


def test_shares_that_do_not_add_up_are_refused(tmp_path: Path) -> None:
    text = (costs_dir() / "national.yaml").read_text(encoding="utf-8")
    text = text.replace("share: 0.5}", "share: 0.6}", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(PackError, match=r"add up to 1\.1"):
        load_costs(bad)


def test_a_cohort_costed_once_falls_in_its_first_year_and_yearly_in_every_year() -> None:
    model = load_costs(costs_dir() / "guangzhou.yaml")
    assert model.timing.value == "once"
    scenarios: list[dict[str, Any]] = [{"name": "baseline", "admitted": 100},
                                       {"name": "tiny", "admitted": None}]
    once = costs(model, scenarios, [100, 3], years=[2018, 2019, 2020])
    [first, hidden] = once["scenarios"]
    assert [y["total"] for y in first["by_year"]] == [Decimal("1595593.00"), Decimal("0.00"), Decimal("0.00")]
    assert sum(first["by_year"][0]["by_payer"].values()) == first["total"]
    assert hidden["by_year"] is None
    yearly = model.model_copy(update={"timing": model.timing.model_copy(update={"value": "yearly"})})
    every = costs(yearly, scenarios, [100, 3], years=[2018, 2019, 2020])["scenarios"][0]["by_year"]
    assert [y["total"] for y in every] == [Decimal("1595593.00")] * 3
    assert costs(model, scenarios, [100, 3])["years"] == []


def test_the_other_reading_of_guangzhous_timing_can_be_chosen_and_no_other() -> None:
    timing = load_costs(costs_dir() / "guangzhou.yaml").timing
    yearly = timing.chosen("yearly")
    assert yearly.value == "yearly" and yearly.assumption is not None
    assert yearly.assumption.startswith("alternative reading chosen:")
    assert "lines 458-464" in yearly.assumption
    assert timing.chosen(None) is timing and timing.chosen("once") is timing
    with pytest.raises(ValueError, match="cost timing 'weekly': the cost model allows once, yearly"):
        timing.chosen("weekly")
    with pytest.raises(ValueError, match=r"the cost model allows once$"):
        load_costs(costs_dir() / "national.yaml").timing.chosen("yearly")
