"""Forms are built from a pack's facts.yaml, each fact's widget chosen by its type, and a
submitted form is read back into facts the engine accepts."""

from __future__ import annotations

import datetime as dt

from settle.packs import default_catalogue
from settle.rules.engine import evaluate
from settle.web.forms import FieldView, facts_of, field_views, read_form
from settle.web.pages import TEMPLATES
from settle.web.words import t

ON = dt.date(2026, 6, 30)
GZ_2025 = default_catalogue().load("guangzhou-2025")
GZ_2017 = default_catalogue().load("guangzhou-2017")


def _fields(lang: str = "en", values: dict[str, object] | None = None,
            errors: dict[str, str] | None = None) -> dict[str, FieldView]:
    views = field_views([GZ_2025], "zh" if lang == "zh" else "en", values or {}, errors or {}, ON)
    return {v.name: v for v in views}


def _html(view: FieldView) -> str:
    macros = TEMPLATES.env.get_template("macros.html").make_module({"t": lambda key: t(key, "en")})
    return str(macros.fact_field(view))  # type: ignore[attr-defined]


def test_every_fact_of_the_pack_gets_one_field_with_its_widget() -> None:
    fields = _fields()
    assert list(fields) == list(GZ_2025.facts)
    widgets = {fields[name].widget for name in fields}
    assert {"date", "checkbox", "number", "select", "months", "years"} <= widgets
    assert fields["birth_date"].widget == "date" and fields["birth_date"].required
    assert fields["owns_legal_property"].widget == "checkbox"
    assert fields["medical_insurance_periods"].widget == "months"


def test_a_fact_shared_by_two_packs_is_asked_once() -> None:
    views = field_views([GZ_2025, GZ_2025], "en", {}, {}, ON)
    assert len(views) == len(GZ_2025.facts)


def test_labels_units_and_choices_are_in_the_pages_language() -> None:
    fields = _fields("zh")
    assert fields["education"].label == "最高学历"
    assert fields["rental_years"].unit == "年"
    assert fields["education"].options[0][0] == "below_high_school"
    assert all(text for _, text in fields["education"].options)


def test_amounts_by_year_ask_for_the_last_five_years_with_the_facts_step() -> None:
    field = _fields()["volunteer_hours_by_year"]
    assert (field.widget, field.years, field.step, field.value) == ("years", [2022, 2023, 2024, 2025, 2026],
                                                                    "0.1", {})
    assert 'step="0.1" name="volunteer_hours_by_year.2026"' in _html(field)


def test_each_widget_draws_its_own_control() -> None:
    fields = _fields(values={"owns_legal_property": True}, errors={"rental_years": "below the minimum 0"})
    assert 'type="checkbox" name="owns_legal_property"' in _html(fields["owns_legal_property"])
    assert "checked" in _html(fields["owns_legal_property"])
    assert '<select name="education"' in _html(fields["education"])
    assert 'type="date" name="birth_date"' in _html(fields["birth_date"])
    assert 'type="month" name="medical_insurance_periods.from"' in _html(fields["medical_insurance_periods"])
    number = _html(fields["rental_years"])
    assert 'type="number" step="1" name="rental_years"' in number and "below the minimum 0" in number


def test_a_services_required_date_does_not_block_the_self_assessment_form() -> None:
    school = default_catalogue().load("guangzhou-school-enrollment-2017")
    child = {v.name: v for v in field_views([school], "en", {}, {}, ON)}["child_birth_date"]
    assert child.required
    macros = TEMPLATES.env.get_template("macros.html").make_module({"t": lambda key: t(key, "en")})
    assert " required" in str(macros.fact_field(child))  # type: ignore[attr-defined]
    assert " required" not in str(macros.fact_field(child, optional=True))  # type: ignore[attr-defined]


def test_a_submitted_form_reads_back_into_facts_the_engine_scores() -> None:
    form = {"birth_date": "1990-05-01", "education": "college", "owns_legal_property": "on",
            "rental_years": "4", "medical_insurance_periods.from": "2018-01",
            "medical_insurance_periods.to": "",
            "volunteer_hours_by_year.2025": "12.5", "volunteer_hours_by_year.2026": " "}
    facts, errors = read_form([GZ_2025], form)
    assert errors == {}
    assert facts["owns_legal_property"] is True and facts["holds_valid_residence_permit"] is False
    assert facts["medical_insurance_periods"] == [{"from": "2018-01", "to": None}]
    assert facts["volunteer_hours_by_year"] == {"2025": "12.5"}
    assert "relocation_years" not in facts
    assert evaluate(GZ_2025, facts_of(GZ_2025, facts), as_of=ON).total > 0


def test_a_list_that_is_not_numbers_is_an_error_in_the_pages_language() -> None:
    pack = next((p for p in default_catalogue().all()
                 if any(s.type == "integer_list" for s in p.facts.values())), None)
    assert pack is not None
    name = next(n for n, s in pack.facts.items() if s.type == "integer_list")
    assert read_form([pack], {name: "1, 2"})[0][name] == [1, 2]
    assert read_form([pack], {name: "one"}, "zh")[1] == {name: "请填写以逗号分隔的整数"}
    assert read_form([pack], {name: "one"})[1] == {name: "write whole numbers separated by commas"}


def test_facts_of_keeps_only_the_packs_facts() -> None:
    assert facts_of(GZ_2017, {"education": "college", "rental_years": 3}) == {"education": "college"}
