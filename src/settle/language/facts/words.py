"""The words of fact problems, in English and Chinese: what is wrong with a value a person
gave, in terms the person can act on.

A key names the situation, the placeholders the values: the value given, the bound, the unit.
`settle.messages` holds these keys too, beside the workflow's words.
"""

from __future__ import annotations

from typing import Any

from settle.language.text import Text

FACT_WORDS: dict[str, tuple[str, str]] = {
    # numbers
    "fact_not_a_number_type": ("expected a number, got {got}", "应为数字，而不是{got}"),
    "fact_not_a_number": ("expected a number", "应为数字"),
    "fact_not_finite": ("expected a finite number", "应为有限的数字"),
    "fact_too_large": ("too large: at most 15 digits before the decimal point",
                       "数值过大：整数部分最多 15 位"),
    "fact_not_whole": ("{value} is not a whole number", "{value} 不是整数"),
    "fact_not_whole_of": ("{value} is not a whole number of {unit}", "{value} 不是整数（单位：{unit}）"),
    "fact_too_many_places": ("expected at most {places} decimal place(s)", "最多 {places} 位小数"),
    "fact_below_minimum": ("below the minimum {min}", "低于下限 {min}"),
    "fact_above_maximum": ("above the maximum {max}", "高于上限 {max}"),
    # yes/no, categories, dates
    "fact_not_boolean": ("expected true or false", "应为是或否（true 或 false）"),
    "fact_not_boolean_cell": ("expected true or false (in a table also yes/no or 1/0)",
                              "应为是或否（true 或 false；表格中也可写 yes/no 或 1/0）"),
    "fact_unknown_category": ("unknown category; allowed: {allowed}", "类别不在可选范围内；可选：{allowed}"),
    "fact_not_date": ("expected a date written YYYY-MM-DD", "应为日期，格式为 YYYY-MM-DD"),
    # amounts by year
    "fact_not_by_year": ("expected a mapping of year to amount, e.g. {{2016: 60}}",
                         "应为年份到数额的对应，例如 {{2016: 60}}"),
    "fact_not_a_year": ("{year} is not a year", "{year} 不是年份"),
    "fact_year_given_twice": ("given twice: in column {fact} and in column {fact}.{year}",
                              "重复填写：{fact} 列与 {fact}.{year} 列都有此年"),
    # periods
    "fact_not_periods": ("expected a list of periods {{from: YYYY-MM, to: YYYY-MM or null}}",
                         "应为时段列表 {{from: YYYY-MM, to: YYYY-MM 或 null}}"),
    "fact_period_shape": ("period {i} must be {{from: YYYY-MM, to: YYYY-MM or null}}",
                          "第 {i} 段应写作 {{from: YYYY-MM, to: YYYY-MM 或 null}}"),
    "fact_period_not_month": ("period {i}: {text} is not a month written YYYY-MM",
                              "第 {i} 段：{text} 不是 YYYY-MM 格式的月份"),
    "fact_period_month_number": ("period {i}: {text} has month {number}, not 1-12",
                                 "第 {i} 段：{text} 的月份为 {number}，应为 1-12"),
    "fact_period_backwards": ("period {i} ends before it starts", "第 {i} 段的结束早于开始"),
    # lists
    "fact_not_integer_list": ("expected a list of whole numbers", "应为整数列表"),
    "fact_form_integer_list": ("write whole numbers separated by commas", "请填写以逗号分隔的整数"),
    # the facts document
    "fact_required": ("is required", "必须填写"),
    "fact_unknown": ("unknown fact {name} (not declared); known: {known}",
                     "未知事项 {name}（未声明）；已声明：{known}"),
    "fact_unknown_did_you_mean": ("unknown fact {name} — did you mean {suggestion}?",
                                  "未知事项 {name}——是否指 {suggestion}？"),
    "fact_derived_given": ("unknown fact {name}: derived by the engine, not given",
                           "未知事项 {name}：由引擎推算，不应填写"),
    "fact_derived_column": ("is derived by the engine and cannot be given", "由引擎推算，不能作为输入"),
    "fact_after_evaluation": ("is after the evaluation date {on}", "晚于评估日期 {on}"),
    "fact_column_unreadable": ("cannot be read as {type}: {problem}", "无法按{type}读取：{problem}"),
}


def fact_words(key: str, **values: Any) -> Text:
    """The words `key` with its values filled in, in both languages (a `Text` value is put in
    each language; anything else as written)."""
    en, zh = FACT_WORDS[key]
    as_en = {k: v.en if isinstance(v, Text) else str(v) for k, v in values.items()}
    as_zh = {k: v.zh if isinstance(v, Text) else str(v) for k, v in values.items()}
    return Text(en=en.format(**as_en), zh=zh.format(**as_zh))
