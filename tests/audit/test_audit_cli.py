"""The ``audit`` command through its own parser: outputs and exit codes (0, 1, 2)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from adoption_rules.audit import PREFILL_MARK, SUB_ELEMENT_IDS, parse_audit_csv
from adoption_rules.cli.audit import register

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EX_2026 = str(EXAMPLES / "audit-together4children.csv")
EX_2027 = str(EXAMPLES / "audit-together4children-2027.csv")


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="adoption-rules")
    register(parser.add_subparsers())
    args = parser.parse_args(argv)
    status: int = args.handler(args)
    return status


def _fill(csv_text: str) -> str:
    return csv_text.replace("Completed by,", "Completed by,Service Manager").replace(
        "Completed on (YYYY-MM-DD),", "Completed on (YYYY-MM-DD),2026-02-02"
    )


def test_template_prints_a_csv_with_a_bom(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert run(["audit", "template", "--agency", "Example RAA"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"\xef\xbb\xbfExemplar service audit,")
    text = out.decode("utf-8-sig")
    assert "Agency,Example RAA\r\n" in text
    audit = parse_audit_csv(_fill(text), "t.csv")
    assert audit.agency == "Example RAA"
    assert audit.not_yet_assessed() == SUB_ELEMENT_IDS


def test_template_with_region_is_prefilled(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert run(["audit", "template", "--region", "together4children"]) == 0
    text = capsysbinary.readouterr().out.decode("utf-8-sig")
    assert "Agency,Together4Children\r\n" in text
    assert "Region,together4children\r\n" in text
    audit = parse_audit_csv(_fill(text), "t.csv")
    prefilled = [e.sub_element for e in audit.entries if e.prefilled_from]
    assert prefilled == ["5a", "8", "10a", "16a"]
    note = audit.entry("8").prefilled_from
    assert note is not None
    assert note.startswith(PREFILL_MARK)
    assert "Together4Children Adoption Support Policy and Procedure, 8.4" in note


def test_template_unknown_region_is_misuse(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["audit", "template", "--region", "atlantis"]) == 2
    err = capsys.readouterr().err
    assert "no built-in audit facts for region 'atlantis'" in err
    assert "together4children" in err


def test_check_valid_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["audit", "check", EX_2026]) == 0
    out = capsys.readouterr().out
    assert "valid audit, 49 sub-elements, 47 rated" in out
    assert "not yet assessed (blank rating): 11b, 14b" in out


def test_check_reports_every_error_with_file_row_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = Path(EX_2026).read_text(encoding="utf-8-sig")
    text = text.replace("2026-03-16", "16th March")
    text = text.replace("1a,The well-being of adoptive families,Partially present", "1a,x,Partly")
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    assert run(["audit", "check", str(bad)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines == [
        f"{bad}: row 5, column B (completed_on): '16th March' is not a date: write it as "
        "YYYY-MM-DD (or DD/MM/YYYY)",
        f"{bad}: row 11, column C (rating): 'Partly' is not a rating: use 'Not present', "
        "'Partially present', 'Matches exemplar services', 'Exceeds exemplar services', or "
        "leave it blank if not yet assessed",
    ]
    assert captured.out == ""
    assert "Traceback" not in captured.err
    assert "Service Manager, Adoption Support" not in captured.err


def test_check_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["audit", "check", str(tmp_path / "missing.csv")]) == 2
    assert "cannot read the file" in capsys.readouterr().err


def test_report_html_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert run(["audit", "report", EX_2026, EX_2027, "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<section id="changes">' in page
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(("fmt", "start"), [("md", b"# Exemplar"), ("json", b"{")])
def test_report_formats_to_stdout(
    fmt: str, start: bytes, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert run(["audit", "report", EX_2027, "--format", fmt]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(start)
    if fmt == "json":
        assert json.loads(out)["audits"][0]["completed_on"] == "2027-03-15"


def test_report_with_a_bad_file_is_exit_1_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,rating,next step actions,priority\n1a,Not present,,\n", encoding="utf-8")
    out = tmp_path / "r.html"
    assert run(["audit", "report", EX_2026, str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: column agency: no 'Agency' row above the table" in err
    assert f"{bad}: column id: sub-element 17b is missing" in err
    assert not out.exists()


def test_report_unreadable_input_or_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["audit", "report", str(tmp_path / "nope.csv")]) == 2
    assert "cannot read the file" in capsys.readouterr().err
    target = tmp_path / "no-such-dir" / "r.html"
    assert run(["audit", "report", EX_2026, "-o", str(target)]) == 2
    assert "cannot write the report" in capsys.readouterr().err


def test_audit_without_subcommand_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["audit"]) == 2
    assert "template" in capsys.readouterr().err


def test_argparse_misuse_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run(["audit", "report", EX_2026, "--format", "pdf"])
    assert info.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err


def test_every_leaf_parser_sets_a_handler() -> None:
    parser = argparse.ArgumentParser(prog="adoption-rules")
    register(parser.add_subparsers())
    for argv in (
        ["audit"],
        ["audit", "template"],
        ["audit", "check", "f"],
        ["audit", "report", "f"],
    ):
        assert callable(parser.parse_args(argv).handler)
