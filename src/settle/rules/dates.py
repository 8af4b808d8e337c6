"""Date arithmetic of the rule language (kept for imports; it lives in settle.language.dates)."""

from settle.language.dates import (
    Month,
    accumulated_months,
    completed_months,
    completed_years,
    consecutive_months,
    covered_months,
    format_month,
    month_index,
    parse_month,
    reference_month,
    time_since,
)

__all__ = [
    "Month", "accumulated_months", "completed_months", "completed_years", "consecutive_months",
    "covered_months", "format_month", "month_index", "parse_month", "reference_month", "time_since",
]
