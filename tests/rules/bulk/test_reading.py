"""Bulk input means what one person's facts mean: the same people written as JSON, CSV, NDJSON
and Parquet score the same, and the same as the one-person engine; a bad value is refused
naming the value and its rows."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from settle.cli.app import app
from settle.packs import Pack, default_catalogue
from settle.rules.bulk.columns import rows_to_frame
from settle.rules.bulk.engine import score_table
from settle.rules.bulk.reading import read_people
from settle.rules.engine import evaluate
from settle.rules.facts import InvalidFacts
from settle.tables import TableError
from tests.conftest import all_pack_ids
from tests.rules.agreement import assert_agree
from tests.strategies import facts_for

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
TRUE, FALSE = ("true", "1", "yes", "TRUE"), ("false", "0", "no", "No")


def _plain(value: Any) -> Any:
    """A facts value as JSON writes it (exact amounts as numbers, dates as text)."""
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _cell(value: Any, row: int) -> str:
    """A facts value as a CSV cell: yes/no spelt several ways, lists and mappings as JSON."""
    if isinstance(value, bool):
        return (TRUE if value else FALSE)[row % 4]
    if isinstance(value, (list, dict)):
        return json.dumps(_plain(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _csv(pack: Pack, people: list[dict[str, Any]], path: Path, nested: bool) -> None:
    """A CSV of `people`; amounts by year as `<fact>.<year>` columns, or as JSON text in one
    column when `nested`."""
    rows: list[dict[str, str]] = []
    for n, person in enumerate(people):
        row = {"person_id": f"p{n}"}
        for name, value in person.items():
            if pack.facts[name].type == "by_year" and not nested:
                row.update({f"{name}.{year}": str(amount) for year, amount in value.items()})
            else:
                row[name] = _cell(value, n)
        rows.append(row)
    columns = list(dict.fromkeys(["person_id", *(key for row in rows for key in row)]))
    frame = pl.DataFrame({c: [row.get(c) for row in rows] for c in columns},
                         schema=dict.fromkeys(columns, pl.String))
    frame.write_csv(path)


def _documents(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"person_id": f"p{n}", **_plain(person)} for n, person in enumerate(people)]


def _write_all(pack: Pack, people: list[dict[str, Any]], folder: Path, nested: bool) -> list[Path]:
    as_json, as_ndjson = folder / "people.json", folder / "people.ndjson"
    as_csv, as_parquet = folder / "people.csv", folder / "people.parquet"
    as_json.write_text(json.dumps(_documents(people)), encoding="utf-8")
    as_ndjson.write_text("".join(json.dumps(d) + "\n" for d in _documents(people)), encoding="utf-8")
    _csv(pack, people, as_csv, nested)
    rows_to_frame(pack, [{"person_id": f"p{n}", **p} for n, p in enumerate(people)]).write_parquet(as_parquet)
    return [as_json, as_csv, as_ndjson, as_parquet]


def _scores(pack: Pack, path: Path) -> pl.DataFrame:
    return score_table(pack, read_people(str(path), pack)).frame


@pytest.mark.parametrize("pack_id", all_pack_ids())
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_same_people_in_every_format_score_the_same_as_one_by_one(pack_id: str, data: Any) -> None:
    pack = default_catalogue().load(pack_id)
    people = data.draw(st.lists(facts_for(pack), min_size=1, max_size=6))
    nested = data.draw(st.booleans())
    with tempfile.TemporaryDirectory() as folder:
        results = [_scores(pack, path) for path in _write_all(pack, people, Path(folder), nested)]
    for result in results[1:]:
        assert result.equals(results[0])
    assert results[0]["person_id"].to_list() == [f"p{n}" for n in range(len(people))]
    assert_agree(pack, people, results[0])


def _guangzhou_2025_people(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("person_id,birth_date,holds_valid_residence_permit,owns_legal_property,education\n"
                    "a,1990-01-01,true,yes,bachelor_or_above\nb,1985-05-05,0,No,college\n"
                    "c,1992-03-04,1,false,high_school\n", encoding="utf-8")
    return path


def test_yes_and_no_written_in_csv_score_as_true_and_false(tmp_path: Path) -> None:
    pack = default_catalogue().load("guangzhou-2025")
    people = [
        {"birth_date": "1990-01-01", "holds_valid_residence_permit": True, "owns_legal_property": True,
         "education": "bachelor_or_above"},
        {"birth_date": "1985-05-05", "holds_valid_residence_permit": False, "owns_legal_property": False,
         "education": "college"},
        {"birth_date": "1992-03-04", "holds_valid_residence_permit": True, "owns_legal_property": False,
         "education": "high_school"}]
    assert_agree(pack, people, _scores(pack, _guangzhou_2025_people(tmp_path)))


def test_settle_bulk_and_settle_round_read_yes_and_no_from_csv(tmp_path: Path) -> None:
    people = str(_guangzhou_2025_people(tmp_path))
    scored = runner.invoke(app, ["bulk", "-p", "guangzhou-2025", people, "--out", str(tmp_path / "s.csv")],
                           env=WIDE)
    assert scored.exit_code == 0, scored.output
    assert pl.read_csv(tmp_path / "s.csv")["person_id"].to_list() == ["a", "b", "c"]
    ranked = runner.invoke(app, ["round", "-p", "guangzhou-2025", "--applicants", people, "--quota", "1"],
                           env=WIDE)
    assert ranked.exit_code == 0, ranked.output
    assert "3 applicants" in ranked.output


def test_amounts_by_year_nested_in_ndjson_score_as_settle_score_scores_them(tmp_path: Path) -> None:
    pack = default_catalogue().load("guangzhou-2017")
    person = {"volunteer_hours_by_year": {"2016": 60, "2017": 20.5}, "blood_donations_by_year": {"2016": 2}}
    path = tmp_path / "people.ndjson"
    path.write_text(json.dumps(person) + "\n", encoding="utf-8")
    one = evaluate(pack, json.loads(json.dumps(person), parse_float=Decimal))
    assert one.total == 4
    assert _scores(pack, path)["total"].to_list() == [4]
    out = tmp_path / "s.csv"
    result = runner.invoke(app, ["bulk", "-p", "guangzhou-2017", str(path), "--out", str(out)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert pl.read_csv(out)["total"].to_list() == [4]


def _refusal(pack: Pack, path: Path) -> str:
    with pytest.raises(InvalidFacts) as caught:
        _scores(pack, path)
    return str(caught.value)


def test_a_bad_csv_value_is_shown_with_its_rows_not_a_row_count(hangzhou: Pack, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("birth_date,education\n1980-01-01,master\n1980-01-01,phd\n1980-01-01,phd\n",
                    encoding="utf-8")
    assert "  - education = 'phd' (rows 1, 2): unknown category; allowed: none, high_school" in _refusal(
        hangzhou, path)


def test_a_fraction_in_a_csv_integer_column_is_refused_in_words(hangzhou: Pack, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("birth_date,social_insurance_consecutive_years\n1980-01-01,3\n1980-01-01,12.5\n",
                    encoding="utf-8")
    text = _refusal(hangzhou, path)
    assert ("social_insurance_consecutive_years = '12.5' (rows 1): 12.5 is not a whole number of years "
            "(rule: facts.yaml social_insurance_consecutive_years.scale)") in text
    assert "polars" not in text.lower() and "cast" not in text


def test_a_document_of_a_json_file_is_refused_like_one_persons_facts(hangzhou: Pack, tmp_path: Path) -> None:
    path = tmp_path / "people.json"
    path.write_text(json.dumps([{"birth_date": "1980-01-01"}, {"birth_date": "1980-01-01", "housing": 3}]),
                    encoding="utf-8")
    with pytest.raises(InvalidFacts) as caught:
        evaluate(hangzhou, {"birth_date": "1980-01-01", "housing": 3})
    one = caught.value.problems[0]
    assert f"  - housing = 3 (rows 1): {one.message} (rule: {one.rule})" in _refusal(hangzhou, path)


def test_a_date_after_the_evaluation_date_names_the_value_and_the_rows(hangzhou: Pack,
                                                                       tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("birth_date\n1980-01-01\n2030-01-01\n", encoding="utf-8")
    assert "birth_date = '2030-01-01' (rows 1): is after the evaluation date" in _refusal(hangzhou, path)


@pytest.mark.parametrize(("name", "text", "error"), [
    ("people.json", "[{", "is not valid JSON"), ("people.json", "[1]", "item 0 is not a facts document"),
    ("people.json", "3", "must hold a list of facts documents"),
    ("people.ndjson", '{"birth_date": "1980-01-01"}\n\n{', "line 3 is not valid JSON")])
def test_a_file_that_holds_no_facts_documents_is_refused_naming_where(
        hangzhou: Pack, tmp_path: Path, name: str, text: str, error: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TableError, match=error):
        read_people(str(path), hangzhou)


def test_a_json_object_is_one_person_and_a_missing_file_is_named(hangzhou: Pack, tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"person_id": "x", "birth_date": "1980-01-01"}), encoding="utf-8")
    assert read_people(str(path), hangzhou)["person_id"].to_list() == ["x"]
    with pytest.raises(TableError, match="does not exist"):
        read_people(str(tmp_path / "none.ndjson"), hangzhou)


def test_periods_written_as_text_structs_in_parquet_are_read_as_months(tmp_path: Path) -> None:
    pack = default_catalogue().load("guangzhou-2025")
    person = {"birth_date": dt.date(1990, 1, 1),
              "medical_insurance_periods": [{"from": "2016-01", "to": None}]}
    path = tmp_path / "people.parquet"
    pl.DataFrame({"birth_date": [person["birth_date"]],
                  "medical_insurance_periods": [person["medical_insurance_periods"]]}).write_parquet(path)
    assert_agree(pack, [person], _scores(pack, path))
