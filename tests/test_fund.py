"""The Adoption Support Fund (catalogue E13): tables a policy officer could check.

Sources: DfE Adoption and Special Guardianship Support Fund guidance; Written
Ministerial Statement HCWS589 (22 April 2025).  2026/27 is unconfirmed and
must stay unknown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import json
from pathlib import Path
from typing import Any

import pytest

from adoption_rules.cli import fund as fund_cli
from adoption_rules.cli.common import UsageError
from adoption_rules.core.periods import Months
from adoption_rules.core.rules import Unknown
from adoption_rules.fund import (
    APPLICATION_DEADLINE,
    FAIR_ACCESS_LIMIT,
    ROUTES,
    Application,
    Child,
    FairAccessLimit,
    FinancialYear,
    FundError,
    age_on,
    application_deadline,
    check_application,
    eligibility,
    fair_access_limit,
    financial_year,
    format_pounds,
    parse_pounds,
    pounds_text,
)

D = dt.date
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "fund" / "applications.json"

# -- financial years ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (D(2025, 3, 31), "2024/25"),  # the last day of a financial year
        (D(2025, 4, 1), "2025/26"),  # the first day of the next
        (D(2025, 1, 1), "2024/25"),
        (D(2025, 12, 31), "2025/26"),
        (D(2024, 2, 29), "2023/24"),
        (D(2026, 3, 31), "2025/26"),
        (D(2026, 4, 1), "2026/27"),
        (D(1999, 4, 1), "1999/00"),
    ],
)
def test_financial_year(day: dt.date, year: str) -> None:
    fy = financial_year(day)
    assert str(fy) == year
    assert day in fy and fy.start <= day <= fy.end
    assert (fy.start.month, fy.start.day, fy.end.month, fy.end.day) == (4, 1, 3, 31)


def test_financial_years_follow_each_other() -> None:
    fy = FinancialYear(2025)
    assert fy.end + dt.timedelta(days=1) == FinancialYear(2026).start
    assert FinancialYear(2024) < fy and "2025-04-01" not in fy


# -- the fair access limit ----------------------------------------------------------------

SEPARATE = FairAccessLimit(therapy=500_000, specialist_assessment=250_000)
COMBINED = FairAccessLimit(therapy=300_000)


@pytest.mark.parametrize(
    ("day", "limit", "cited"),
    [
        (D(2016, 10, 1), SEPARATE, "DfE"),
        (D(2024, 4, 1), SEPARATE, "DfE"),
        (D(2025, 3, 31), SEPARATE, "until 2024/25"),
        (D(2025, 4, 1), COMBINED, "HCWS589"),  # the limit changes on 1 April
        (D(2025, 12, 25), COMBINED, "22 April 2025"),
        (D(2026, 3, 31), COMBINED, "HCWS589"),
    ],
)
def test_fair_access_limit_by_financial_year(
    day: dt.date, limit: FairAccessLimit, cited: str
) -> None:
    entry = fair_access_limit(day)
    assert entry.value == limit
    assert cited in entry.citation and "catalogue" not in entry.citation  # R13: rows are data


def test_limits_in_words() -> None:
    assert SEPARATE.describe() == "£5,000.00 for therapy plus £2,500.00 for specialist assessment"
    assert COMBINED.describe() == "£3,000.00 for therapy, specialist assessment included"
    assert COMBINED.combined and not SEPARATE.combined


@pytest.mark.parametrize("day", [D(2026, 4, 1), D(2026, 12, 1), D(2027, 3, 31), D(2030, 6, 1)])
def test_2026_27_is_unknown_never_guessed(day: dt.date) -> None:
    """No carrying 2025/26 forward: the value is an explicit Unknown with the reason."""
    entry = fair_access_limit(day)
    assert isinstance(entry.value, Unknown)
    assert "2026/27" in entry.value.reason and "not confirmed" in entry.value.reason
    deadline = APPLICATION_DEADLINE.at(day)
    assert deadline is not None and isinstance(deadline.value, Unknown)
    assert entry.value != FAIR_ACCESS_LIMIT.history[1].value  # type: ignore[union-attr]


# -- the application deadline -------------------------------------------------------------


@pytest.mark.parametrize(
    ("assessed", "period", "due"),
    [
        (D(2024, 11, 30), Months(3), D(2025, 2, 28)),  # clamped to the month's end
        (D(2023, 11, 30), Months(3), D(2024, 2, 29)),  # a leap year's 29 February
        (D(2023, 11, 29), Months(3), D(2024, 2, 29)),
        (D(2025, 1, 31), Months(3), D(2025, 4, 30)),
        # The assessment date picks the rule: 31 March still 3 months, 1 April 4.
        (D(2025, 3, 31), Months(3), D(2025, 6, 30)),
        (D(2025, 4, 1), Months(4), D(2025, 8, 1)),
        (D(2025, 10, 31), Months(4), D(2026, 2, 28)),
        (D(2026, 3, 31), Months(4), D(2026, 7, 31)),
    ],
)
def test_application_deadline_after_the_assessment(
    assessed: dt.date, period: Months, due: dt.date
) -> None:
    check = application_deadline(assessed)
    assert (check.period, check.due, check.within, check.unknown) == (period, due, None, None)
    assert "Adoption and Special Guardianship Support Fund" in check.citation
    assert "catalogue" not in check.citation
    assert application_deadline(assessed, due).within is True  # the due day is in time
    assert application_deadline(assessed, due + dt.timedelta(days=1)).within is False
    assert application_deadline(assessed, assessed).within is True


def test_an_application_before_its_assessment_is_not_in_time() -> None:
    check = application_deadline(D(2025, 5, 1), D(2025, 4, 30))
    assert check.within is False and "before the assessment" in check.note


def test_an_assessment_in_2026_27_has_an_unknown_deadline() -> None:
    check = application_deadline(D(2026, 4, 1), D(2026, 5, 1))
    assert (check.period, check.due, check.within) == (None, None, None)
    assert check.unknown is not None and "2026/27" in check.unknown
    # The day before: 2025/26's four months.
    assert application_deadline(D(2026, 3, 31)).period == Months(4)


# -- eligibility ---------------------------------------------------------------------------

ENGLAND = "adopted_from_care_england"


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (D(2004, 6, 15), D(2025, 6, 14), 20),
        (D(2004, 6, 15), D(2025, 6, 15), 21),  # the birthday itself
        (D(2004, 2, 29), D(2025, 2, 28), 20),  # born on 29 February ...
        (D(2004, 2, 29), D(2025, 3, 1), 21),  # ... is a year older on 1 March
        (D(2004, 2, 29), D(2024, 2, 29), 20),  # ... or on 29 February in a leap year
        (D(2004, 2, 29), D(2024, 2, 28), 19),
        (D(2025, 4, 1), D(2025, 4, 1), 0),
    ],
)
def test_age_on(born: dt.date, on: dt.date, age: int) -> None:
    assert age_on(born, on) == age


@pytest.mark.parametrize(
    ("born", "ehc", "on", "status", "limit"),
    [
        (D(2004, 6, 15), False, D(2025, 6, 14), "eligible", 21),  # the day before turning 21
        (D(2004, 6, 15), False, D(2025, 6, 15), "not_eligible", 21),  # the 21st birthday
        (D(2004, 6, 15), True, D(2025, 6, 15), "eligible", 25),  # with an EHC plan
        (D(2000, 6, 15), True, D(2025, 6, 14), "eligible", 25),  # the day before turning 25
        (D(2000, 6, 15), True, D(2025, 6, 15), "not_eligible", 25),  # the 25th birthday
        (D(2004, 2, 29), False, D(2025, 2, 28), "eligible", 21),
        (D(2004, 2, 29), False, D(2025, 3, 1), "not_eligible", 21),
        (D(2000, 2, 29), True, D(2025, 2, 28), "eligible", 25),
        (D(2000, 2, 29), True, D(2025, 3, 1), "not_eligible", 25),
    ],
)
def test_age_limits_on_the_edge_days(
    born: dt.date, ehc: bool, on: dt.date, status: str, limit: int
) -> None:
    answer = eligibility(Child(born, ENGLAND, ehc), on)
    assert (answer.status, answer.age_limit) == (status, limit)
    assert any("under 21" in c and "Support Fund guidance" in c for c in answer.citations)


@pytest.mark.parametrize(
    ("route", "status"),
    [
        ("adopted_from_care_england", "eligible"),
        ("intercountry", "eligible"),
        ("special_guardianship", "eligible"),
        ("child_arrangements_order", "unconfirmed"),
        ("adopted_from_care_wales_scotland_ni", "unconfirmed"),
        ("placed_for_adoption", "unconfirmed"),
    ],
)
def test_routes_listed_and_whether_confirmed(route: str, status: str) -> None:
    answer = eligibility(Child(D(2015, 1, 1), route), D(2025, 6, 1))
    assert answer.status == status
    assert answer.route is not None and answer.route.code == route
    assert ("listed but unconfirmed" in " ".join(answer.reasons)) is (status == "unconfirmed")


def test_an_unconfirmed_route_does_not_save_a_child_over_the_age_limit() -> None:
    answer = eligibility(Child(D(2000, 1, 1), "placed_for_adoption"), D(2025, 6, 1))
    assert answer.status == "not_eligible"


def test_the_route_list_is_cited_data() -> None:
    routes = ROUTES.current
    assert "Support Fund guidance" in routes.citation and "unconfirmed" in routes.citation
    codes = [r.code for r in routes.value]
    assert codes[:3] == ["adopted_from_care_england", "intercountry", "special_guardianship"]
    assert all(r.note for r in routes.value if not r.confirmed)


def test_an_unknown_route_or_an_unborn_child_is_an_error() -> None:
    with pytest.raises(FundError, match="unknown route 'step_parent'") as info:
        eligibility(Child(D(2015, 1, 1), "step_parent"), D(2025, 6, 1))
    assert info.value.field == "child.route"
    with pytest.raises(FundError, match="after 2025-06-01") as info:
        eligibility(Child(D(2025, 6, 2), ENGLAND), D(2025, 6, 1))
    assert info.value.field == "child.date_of_birth"


# -- money ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "pence"),
    [
        ("3000", 300_000),
        ("3000.00", 300_000),
        ("£5,000.50", 500_050),
        (" 0.01 ", 1),
        (2500, 250_000),
        (decimal.Decimal("12.3"), 1_230),
        ("0", 0),
    ],
)
def test_parse_pounds(value: object, pence: int) -> None:
    assert parse_pounds(value) == pence


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (12.5, "not 12.5"),  # a float is refused, whatever its value
        (True, "not True"),
        ("12.345", "fraction of a penny"),
        (decimal.Decimal("0.001"), "fraction of a penny"),
        ("-1", "not an amount"),
        ("lots", "not an amount"),
        ("NaN", "not an amount"),
        (None, "not an amount"),
    ],
)
def test_parse_pounds_refuses(value: object, message: str) -> None:
    with pytest.raises(FundError, match=message):
        parse_pounds(value, "amounts.therapy")


def test_pounds_out() -> None:
    assert (format_pounds(300_000), format_pounds(5), format_pounds(-150)) == (
        "£3,000.00",
        "£0.05",
        "-£1.50",
    )
    assert (pounds_text(123_456), pounds_text(0)) == ("1234.56", "0.00")


# -- checking an application ---------------------------------------------------------------


FEB_2025 = D(2025, 2, 3)


def app(
    applied: dt.date,
    therapy: int,
    assessment: int = 0,
    assessed: dt.date = FEB_2025,
    **kw: Any,
) -> Application:
    child = kw.pop("child", Child(D(2014, 5, 5), ENGLAND))
    return Application(child, assessed, applied, therapy, assessment, **kw)


@pytest.mark.parametrize(
    ("applied", "within", "above", "year"),
    [
        # £4,000 therapy + £2,000 assessment: within 2024/25's separate limits ...
        (D(2025, 3, 31), True, 0, "2024/25"),
        # ... and £3,000 above 2025/26's combined £3,000 a day later.
        (D(2025, 4, 1), False, 300_000, "2025/26"),
    ],
)
def test_the_same_application_across_1_april(
    applied: dt.date, within: bool, above: int, year: str
) -> None:
    check = check_application(app(applied, 400_000, 200_000))
    assert (check.limit.within, check.limit.above_limit, str(check.limit.financial_year)) == (
        within,
        above,
        year,
    )
    assert check.deadline.within is True and check.eligibility.status == "eligible"
    assert check.ok is within


@pytest.mark.parametrize(
    ("therapy", "assessment", "already", "above_t", "above_a"),
    [
        (500_000, 250_000, (0, 0), 0, 0),  # exactly at both limits
        (500_001, 250_000, (0, 0), 1, 0),
        (100_000, 300_000, (0, 0), 0, 50_000),  # the assessment limit is separate
        (200_000, 0, (400_000, 0), 100_000, 0),  # earlier funding this year counts first
        (200_000, 0, (600_000, 0), 200_000, 0),  # already over: all of it is above
    ],
)
def test_separate_limits_until_2024_25(
    therapy: int, assessment: int, already: tuple[int, int], above_t: int, above_a: int
) -> None:
    check = check_application(
        app(
            D(2024, 12, 2),
            therapy,
            assessment,
            assessed=D(2024, 11, 1),
            already_therapy=already[0],
            already_specialist_assessment=already[1],
        )
    )
    limit = check.limit
    assert (limit.above_therapy, limit.above_specialist_assessment) == (above_t, above_a)
    assert limit.above_limit == above_t + above_a
    assert limit.within is (above_t + above_a == 0)


@pytest.mark.parametrize(
    ("therapy", "assessment", "already", "above"),
    [
        (300_000, 0, 0, 0),
        (200_000, 100_000, 0, 0),  # assessment included in the one limit
        (200_000, 100_001, 0, 1),
        (100_000, 0, 250_000, 50_000),
    ],
)
def test_one_combined_limit_in_2025_26(
    therapy: int, assessment: int, already: int, above: int
) -> None:
    check = check_application(
        app(D(2025, 6, 2), therapy, assessment, assessed=D(2025, 5, 1), already_therapy=already)
    )
    assert check.limit.above_limit == above
    assert (check.limit.above_therapy, check.limit.above_specialist_assessment) == (None, None)


def test_an_application_in_2026_27_cannot_be_judged_against_the_limit() -> None:
    check = check_application(app(D(2026, 4, 15), 100_000, assessed=D(2026, 3, 2)))
    assert check.deadline.within is True  # the assessment was in 2025/26: 4 months known
    assert (check.limit.within, check.limit.above_limit, check.limit.limit) == (None, None, None)
    assert check.limit.unknown is not None and "2026/27" in check.limit.unknown
    assert check.ok is None


def test_any_failure_makes_the_answer_no_even_with_unknowns() -> None:
    late = app(D(2026, 8, 1), 100_000, assessed=D(2026, 3, 2))  # 4 months passed
    assert check_application(late).ok is False
    too_old = app(D(2025, 6, 2), 1, assessed=D(2025, 5, 1), child=Child(D(2000, 1, 1), ENGLAND))
    assert check_application(too_old).ok is False
    unconfirmed = app(
        D(2025, 6, 2), 1, assessed=D(2025, 5, 1), child=Child(D(2014, 1, 1), "placed_for_adoption")
    )
    assert check_application(unconfirmed).ok is None


# -- the command line ----------------------------------------------------------------------


def run_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any, fmt: str
) -> tuple[int, str, str]:
    path = tmp_path / "apps.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return run_file(str(path), capsys, fmt)


def run_file(path: str, capsys: pytest.CaptureFixture[str], fmt: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="adoption-rules")
    fund_cli.register(parser.add_subparsers())
    args = parser.parse_args(["fund", "check", path, "--format", fmt])
    code = args.handler(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_fund_check_json_on_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_file(str(EXAMPLE), capsys, "json")
    first, second, third = json.loads(out)
    assert code == 0
    assert first["id"] == "ASF-2025-014" and first["ok"] is False
    assert first["deadline"] == {
        "assessment_date": "2025-02-14",
        "period": "3 months",
        "due": "2025-05-14",
        "within": True,
        "citation": first["deadline"]["citation"],
        "unknown": None,
        "note": None,
    }
    assert first["limit"]["financial_year"] == "2025/26"
    assert (first["limit"]["therapy_limit"], first["limit"]["combined"]) == ("3000.00", True)
    assert (first["limit"]["requested"], first["limit"]["above_limit"]) == ("3500.00", "500.00")
    assert second["eligibility"]["age_limit"] == 25  # EHC plan
    assert second["limit"]["above_therapy"] == "500.00"  # £1,500 already + £4,000 > £5,000
    assert second["limit"]["specialist_assessment_limit"] == "2500.00"
    assert third["ok"] is None and third["limit"]["unknown"].startswith("the fund's 2026/27")
    assert third["limit"]["above_limit"] is None


def test_fund_check_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_file(str(EXAMPLE), capsys, "table")
    assert code == 0
    assert "ASF-2025-014: outside the fund's rules" in out
    assert "limit 2025/26: £3,000.00 for therapy, specialist assessment included" in out
    assert "above the limit: £500.00" in out
    assert "limit 2026/27: unknown: the fund's 2026/27 figures are not confirmed" in out


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"amounts": {"therapy": 12.345}}, "invalid_amount", "amounts.therapy"),
        ({"amounts": {"specialist_assessment": "10"}}, "missing_field", "amounts.therapy"),
        ({"amounts": {"therapy": "1", "travel": "2"}}, "unknown_field", "amounts.travel"),
        ({"assessment_date": "2025-02-30"}, "invalid_date", "assessment_date"),
        ({"child": {"date_of_birth": "2014-01-01"}}, "missing_field", "child.route"),
        (
            {"child": {"date_of_birth": "2014-01-01", "route": "x"}},
            "invalid_application",
            "child.route",
        ),
        (
            {"child": {"date_of_birth": "2014-01-01", "route": "intercountry", "ehc_plan": "no"}},
            "invalid_type",
            "child.ehc_plan",
        ),
        ({"id": 7}, "invalid_type", "id"),
        ({"already_funded": []}, "invalid_type", "already_funded"),
    ],
)
def test_fund_check_errors_name_the_field(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: dict[str, Any],
    code: str,
    field: str,
) -> None:
    good = json.loads(EXAMPLE.read_text(encoding="utf-8"))[0]
    bad = {**good, **change}
    status, out, _ = run_cli(tmp_path, capsys, [good, bad], "json")
    ok, err = json.loads(out)
    assert status == 1
    assert "error" not in ok
    assert (err["error"]["code"], err["error"]["field"]) == (code, field)


def test_fund_check_reads_numbers_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.loads(EXAMPLE.read_text(encoding="utf-8"))[0]
    text = json.dumps({**good, "amounts": {"therapy": 0}}).replace(
        '"therapy": 0', '"therapy": 2999.99'
    )
    status, out, _ = run_cli(tmp_path, capsys, text, "json")
    (item,) = json.loads(out)
    assert status == 0 and item["limit"]["requested"] == "2999.99"
    assert item["limit"]["within"] is True


def test_fund_check_unreadable_files_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(UsageError, match="cannot read"):
        run_file(str(tmp_path / "missing.json"), capsys, "json")
    with pytest.raises(UsageError, match="not valid JSON"):
        run_cli(tmp_path, capsys, "{", "json")
    status, _, err = run_cli(tmp_path, capsys, [3], "table")
    assert status == 1 and "invalid_type" in err


def test_the_docs_show_the_example_application() -> None:
    doc = (ROOT / "docs" / "support-fund.md").read_text(encoding="utf-8")
    block = doc.split("```json\n", 1)[1].split("```", 1)[0]
    assert json.loads(block) == json.loads(EXAMPLE.read_text(encoding="utf-8"))[0]


def test_the_docs_show_the_json_output_shape(capsys: pytest.CaptureFixture[str]) -> None:
    doc = (ROOT / "docs" / "support-fund.md").read_text(encoding="utf-8")
    shown = json.loads(doc.split("```json\n")[2].split("```", 1)[0])
    _, out, _ = run_file(str(EXAMPLE), capsys, "json")
    actual = json.loads(out)[0]
    assert shown.keys() == actual.keys()
    for part in ("eligibility", "deadline", "limit"):
        assert shown[part].keys() == actual[part].keys(), part
        for key, value in shown[part].items():
            if value != "..." and value != ["..."]:
                assert actual[part][key] == value, (part, key)


def test_fund_alone_prints_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="adoption-rules")
    fund_cli.register(parser.add_subparsers())
    args = parser.parse_args(["fund"])
    assert args.handler(args) == 2
    assert "check" in capsys.readouterr().err


def test_fund_check_text_that_is_not_utf8_is_a_usage_error_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "apps.json"
    path.write_bytes(b'[\n  {"id": "A-1",\n   "note": "\xff"}\n]\n')
    with pytest.raises(UsageError, match=r"apps\.json, line 3: not valid UTF-8 text"):
        run_file(str(path), capsys, "json")
