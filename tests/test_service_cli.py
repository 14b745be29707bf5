"""``adoption-rules serve``'s options and its message when the server extra is missing."""

from __future__ import annotations

import sys

import pytest

from adoption_rules import cli


def test_serve_without_the_server_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn now fails
    assert cli.main(["serve", "--port", "0"]) == 2
    assert capsys.readouterr().err == (
        "adoption-rules: the service needs the server extra: pip install 'adoption-rules[server]'\n"
    )


@pytest.mark.parametrize(
    "option", ["--max-body-bytes", "--read-timeout", "--work-timeout", "--graceful-timeout"]
)
@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_serve_refuses_a_limit_that_is_not_above_zero(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["serve", option, value])
    assert exit_.value.code == 2
    assert "above 0" in capsys.readouterr().err
