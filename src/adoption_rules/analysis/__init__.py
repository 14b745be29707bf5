"""For the analyst: case-system exports in, a caseload's timeliness out, in pictures.

* :mod:`~adoption_rules.analysis.importer`: long-format CSV or Excel exports
  read as contract-v1 cases (a TOML map renames columns and translates names);
* :mod:`~adoption_rules.analysis.summary`: obligations counted by status per
  region, responsible authority, kind or quarter, with on-time rates and
  lateness;
* :mod:`~adoption_rules.analysis.report`: a caseload report as one
  self-contained HTML file.

The pictures are drawn by :mod:`adoption_rules.core.charts` (the small SVG
charts, shared with the audit report) and :mod:`adoption_rules.core.timeline`
(one case's obligations on a time line, also shown by a result's HTML).
A layer of its own above the applications: it evaluates cases through
:mod:`adoption_rules.api`, and nothing below imports it.
"""
