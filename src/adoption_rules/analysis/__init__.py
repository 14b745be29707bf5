"""For the analyst: case-system exports in, a caseload's timeliness out, in pictures.

* :mod:`~adoption_rules.analysis.importer`: long-format CSV or Excel exports
  read as contract-v1 cases (a TOML map renames columns and translates names);
* :mod:`~adoption_rules.analysis.summary`: obligations counted by status per
  region, responsible authority, kind or quarter, with on-time rates and
  lateness;
* :mod:`~adoption_rules.analysis.charts`: the small SVG charts shared with the
  audit report;
* :mod:`~adoption_rules.analysis.timeline`: one case's obligations drawn on a
  time line;
* :mod:`~adoption_rules.analysis.report`: a caseload report as one
  self-contained HTML file.

An application layer: it imports the library, never the other way round.
"""
