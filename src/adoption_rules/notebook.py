"""Results in a Jupyter notebook: HTML tables, and obligations as a pandas DataFrame.

* :func:`result_html` renders one :class:`~adoption_rules.core.model.Result` (it is
  what ``Result._repr_html_`` shows, from :mod:`adoption_rules.core.display`):
  a header line, one row per obligation with its status in colour, and the
  warnings.
* :class:`ResultList` is a list of results that renders as a caseload table,
  overdue obligations first.
* :func:`to_dataframe`, :func:`warnings_dataframe` and :func:`errors_dataframe`
  turn results, their warnings and errors into DataFrames.  pandas is an
  optional extra (``adoption-rules[pandas]``): it is imported only when one of
  them is called.

The HTML is self-contained (inline styles, no scripts) and every value in it
is escaped.  A status is shown in words as well as in colour.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from adoption_rules.core.display import (
    CASELOAD_MAX_ROWS,
    STATUS_COLOURS,
    caseload_html,
    result_html,
)
from adoption_rules.core.model import CaseError, Result, Status

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "CASELOAD_MAX_ROWS",
    "DATAFRAME_COLUMNS",
    "ERROR_COLUMNS",
    "STATUS_COLOURS",
    "WARNING_COLUMNS",
    "ResultList",
    "caseload_html",
    "errors_dataframe",
    "result_html",
    "to_dataframe",
    "warnings_dataframe",
]

#: The columns of :func:`to_dataframe`, in order.
DATAFRAME_COLUMNS: Final[tuple[str, ...]] = (
    "case_id",
    "region",
    "as_of",
    "kind",
    "occurrence",
    "due",
    "status",
    "done_on",
    "starts_from_event",
    "starts_from_date",
    "period",
    "rule",
    "citation",
    "decided_by",
    "provisional",
    "responsible_authority",
    "stage",
    "approval_stage",
)

#: The columns of :func:`warnings_dataframe`, in order.
WARNING_COLUMNS: Final[tuple[str, ...]] = ("case_id", "region", "as_of", "code", "message")

#: The columns of :func:`errors_dataframe`, in order.
ERROR_COLUMNS: Final[tuple[str, ...]] = ("index", "case_id", "code", "message", "field")

_PANDAS_MISSING: Final = "to_dataframe needs pandas: pip install 'adoption-rules[pandas]'"


class ResultList(list[Result]):
    """A list of results that Jupyter shows as a caseload table, overdue first.

    >>> results = ResultList(evaluate(case, as_of) for case in cases)  # doctest: +SKIP
    """

    def _repr_html_(self) -> str:
        return caseload_html(self)

    def to_dataframe(self) -> pd.DataFrame:
        """The obligations of these results as a DataFrame (see :func:`to_dataframe`)."""
        return to_dataframe(self)


def to_dataframe(results: Iterable[Result | CaseError]) -> pd.DataFrame:
    """One row per obligation across ``results``; errors are skipped (see :func:`errors_dataframe`).

    Columns: :data:`DATAFRAME_COLUMNS`.  ``as_of``, ``due``, ``done_on`` and
    ``starts_from_date`` are ``datetime64[ns]`` (``NaT`` for null); ``status``
    is categorical over every status; ``occurrence`` is a nullable ``Int64``;
    ``provisional`` is ``bool``; the rest are strings.  Needs pandas.
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(_PANDAS_MISSING) from exc

    columns: dict[str, list[object]] = {name: [] for name in DATAFRAME_COLUMNS}
    for result in results:
        if not isinstance(result, Result):
            continue
        for ob in result.obligations:
            row: dict[str, object] = {
                "case_id": result.case_id,
                "region": result.region,
                "as_of": result.as_of,
                "kind": ob.kind,
                "occurrence": ob.occurrence,
                "due": ob.due,
                "status": str(ob.status.value),
                "done_on": ob.done_on,
                "starts_from_event": ob.starts_from.event,
                "starts_from_date": ob.starts_from.date,
                "period": ob.period,
                "rule": ob.rule,
                "citation": ob.citation,
                "decided_by": ob.decided_by,
                "provisional": ob.provisional,
                "responsible_authority": result.responsible_authority,
                "stage": result.stage,
                "approval_stage": result.approval_stage,
            }
            for name in DATAFRAME_COLUMNS:
                columns[name].append(row[name])

    dates = {"as_of", "due", "done_on", "starts_from_date"}
    statuses = pd.CategoricalDtype([s.value for s in Status])
    series: dict[str, pd.Series] = {}
    for name, values in columns.items():
        if name in dates:
            series[name] = pd.Series(values, dtype="datetime64[ns]")
        elif name == "status":
            series[name] = pd.Series(values, dtype=statuses)
        elif name == "occurrence":
            series[name] = pd.Series(values, dtype="Int64")
        elif name == "provisional":
            series[name] = pd.Series(values, dtype=bool)
        else:
            series[name] = pd.Series(values, dtype=None if values else str)
    return pd.DataFrame(series, columns=list(DATAFRAME_COLUMNS))


def warnings_dataframe(results: Iterable[Result | CaseError]) -> pd.DataFrame:
    """One row per warning across ``results``: :data:`WARNING_COLUMNS`.  Needs pandas."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(_PANDAS_MISSING.replace("to_dataframe", "warnings_dataframe")) from exc

    rows = [
        (r.case_id, r.region, r.as_of, w.code, w.message)
        for r in results
        if isinstance(r, Result)
        for w in r.warnings
    ]
    series: dict[str, pd.Series] = {}
    for position, name in enumerate(WARNING_COLUMNS):
        values = [row[position] for row in rows]
        if name == "as_of":
            series[name] = pd.Series(values, dtype="datetime64[ns]")
        else:
            series[name] = pd.Series(values, dtype=None if values else str)
    return pd.DataFrame(series, columns=list(WARNING_COLUMNS))


def errors_dataframe(results: Iterable[Result | CaseError]) -> pd.DataFrame:
    """One row per error in ``results``: :data:`ERROR_COLUMNS`.

    ``index`` is the item's position in ``results`` (the case's position in the
    input), so an error whose case had no readable ``case_id`` can still be
    found.  Needs pandas.
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(_PANDAS_MISSING.replace("to_dataframe", "errors_dataframe")) from exc

    rows = [
        (i, item.case_id, item.error.code, item.error.message, item.error.field)
        for i, item in enumerate(results)
        if isinstance(item, CaseError)
    ]
    series: dict[str, pd.Series] = {
        "index": pd.Series([r[0] for r in rows], dtype="int64"),
    }
    for position, name in enumerate(ERROR_COLUMNS[1:], start=1):
        values = [r[position] for r in rows]
        series[name] = pd.Series(values, dtype=None if values else str)
    return pd.DataFrame(series, columns=list(ERROR_COLUMNS))
