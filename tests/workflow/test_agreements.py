"""Sharing agreements as data: the shipped ones are valid and cite existing lines; a bad field,
holder, date, change or citation is named with its file and line; what a department receives
is never more than its agreement grants (hypothesis)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from settle.cli.app import app
from settle.packs import PackError
from settle.paths import agreements_dir
from settle.registry.shared_fields import SHARED_FIELDS
from settle.workflow.agreements import load_agreement, load_agreements
from settle.workflow.sharing import Grant, Refusal, decide

SHIPPED = agreements_dir() / "education-school-enrolment.yaml"


def _write(tmp_path: Path, text: str, name: str = "education-school-enrolment") -> Path:
    folder = tmp_path / "agreements"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_every_shipped_agreement_is_valid_and_names_a_user_department_of_the_seeds() -> None:
    loaded = load_agreements(agreements_dir())
    assert {a.agreement.user.id for a in loaded} == {
        "education", "housing", "human_resources", "civil_affairs", "health_planning"}
    assert all(a.agreement.holder.id == "public_security" for a in loaded)
    assert all(a.agreement.legal_basis and a.agreement.assumptions for a in loaded)


def test_a_field_the_registry_does_not_share_is_named_with_its_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, SHIPPED.read_text(encoding="utf-8").replace(
        "fields: [name, sex,", "fields:\n  - name\n  - salary\n  - sex\n  -"))
    with pytest.raises(PackError) as caught:
        load_agreement(path)
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.rule) == (
        "agreements/education-school-enrolment.yaml", _line(path, "- salary"), "education-school-enrolment")
    assert "'salary' is not a field of registration data" in problem.message
    assert f"agreements/education-school-enrolment.yaml:{_line(path, '- salary')}" in str(caught.value)


def test_every_problem_of_an_agreement_is_named_with_its_line(tmp_path: Path) -> None:
    text = (SHIPPED.read_text(encoding="utf-8")
            .replace("holder: {id: public_security", "holder: {id: housing")
            .replace("valid_until: 2020-12-31", "valid_until: 2010-12-31")
            .replace("changes: [registration, move, permit_issued]",
                     "changes: [registration, move, permit_issued, move]")
            .replace("lines: 763-766", "lines: 5763-5766"))
    path = _write(tmp_path, text)
    with pytest.raises(PackError) as caught:
        load_agreement(path)
    found = {(p.line, p.message.split(":")[0]) for p in caught.value.problems}
    assert found == {(_line(path, "holder:"), "holder.id"), (_line(path, "valid_until:"), "valid_until"),
                     (_line(path, "changes:"), "changes"), (_line(path, "lines: 5763"), "legal_basis")}


def test_a_change_whose_fields_are_not_granted_and_an_undeclared_source_are_refused(tmp_path: Path) -> None:
    text = (SHIPPED.read_text(encoding="utf-8")
            .replace("fields: [name, sex, birth_date, district, residence_permit, social_insurance, "
                     "children]", "fields: [name, sex]")
            .replace("changes: [registration, move, permit_issued]", "changes: [registration, move]")
            .replace("  - source: seed_002\n", "  - source: seed_009\n"))
    path = _write(tmp_path, text)
    with pytest.raises(PackError) as caught:
        load_agreement(path)
    messages = [str(p) for p in caught.value.problems]
    assert any("'move' carries district, none of which the agreement grants" in m for m in messages)
    line = _line(path, "seed_009")
    assert any("source 'seed_009' is not declared" in m and f":{line} " in m for m in messages)


def test_a_yaml_syntax_error_and_a_missing_key_name_their_line(tmp_path: Path) -> None:
    broken = _write(tmp_path, "id: x\ntitle: {en: a, zh: b\n", "x")
    with pytest.raises(PackError) as caught:
        load_agreement(broken)
    assert caught.value.problems[0].line == 3 and "YAML syntax" in caught.value.problems[0].message
    missing = _write(tmp_path, SHIPPED.read_text(encoding="utf-8").replace("valid_from: 2011-01-01\n", ""))
    with pytest.raises(PackError, match="valid_from: Field required"):
        load_agreement(missing)


def test_settle_agreements_check_prints_each_problem_with_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, SHIPPED.read_text(encoding="utf-8").replace("fields: [name,", "fields: [wage,"))
    runner = CliRunner()
    bad = runner.invoke(app, ["agreements", "check", str(path.parent)])
    assert bad.exit_code == 1
    assert f"agreements/education-school-enrolment.yaml:{_line(path, 'wage')}" in bad.stdout
    good = runner.invoke(app, ["agreements", "check"])
    assert good.exit_code == 0 and "ok: 5 agreement(s)" in good.stdout
    listed = runner.invoke(app, ["agreements", "list", "--on", "2017-11-01", "--json"])
    assert listed.exit_code == 0 and '"in_force": true' in listed.stdout
    shown = runner.invoke(app, ["agreements", "show", "housing-public-rental", "--lang", "zh", "--quote"])
    assert shown.exit_code == 0 and "住房公积金缴存记录" in shown.stdout
    assert "> 4) Housing policy" in shown.stdout


KNOWN = [a.agreement for a in load_agreements(agreements_dir())]
DEPARTMENTS = sorted({a.user.id for a in KNOWN} | {"youth_league"})
PURPOSES = sorted({p.id for a in KNOWN for p in a.purposes} | {"curiosity"})


@given(department=st.sampled_from(DEPARTMENTS), purpose=st.sampled_from(PURPOSES),
       fields=st.none() | st.lists(st.sampled_from(SHARED_FIELDS), unique=True, max_size=6),
       day=st.dates(min_value=dt.date(2009, 1, 1), max_value=dt.date(2023, 12, 31)))
def test_a_department_never_receives_a_field_or_purpose_its_valid_agreement_does_not_grant(
        department: str, purpose: str, fields: list[str] | None, day: dt.date) -> None:
    decision = decide(KNOWN, department, purpose, fields, day)
    if isinstance(decision, Grant):
        agreement = decision.agreement
        assert agreement.user.id == department and agreement.purpose(purpose) is not None
        assert agreement.valid_on(day)
        assert set(decision.fields) <= set(agreement.fields)
        assert fields is None or decision.fields == fields
    else:
        assert isinstance(decision, Refusal)
        granted = [a for a in KNOWN if a.user.id == department and a.purpose(purpose) is not None
                   and a.valid_on(day) and (fields is None or set(fields) <= set(a.fields))]
        assert granted == []
