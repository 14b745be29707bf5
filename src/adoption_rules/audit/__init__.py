"""The exemplar adoption support service audit (seed ``002_2b773c64d6b34cd3.txt``).

The ASGLB survey *Key Elements of an Adoption Support Service* ends in an
audit tool: 17 service elements with lettered sub-elements (1a-17b; element 8
is rated as a whole), each rated not present, partially present, matches the
exemplar services or exceeds them, with next-step actions and a priority from
1 (low) to 4 (high).  This package holds that tool as data
(:mod:`~adoption_rules.audit.elements`), a small model
(:mod:`~adoption_rules.audit.model`), a spreadsheet-friendly CSV format
(:mod:`~adoption_rules.audit.csvio`), a pre-fill from a region's written rules
(:mod:`~adoption_rules.audit.prefill`), reports
(:mod:`~adoption_rules.audit.report`) and the ``audit`` command
(:mod:`~adoption_rules.cli.audit`).  See ``docs/audit.md``.
"""

from __future__ import annotations

from adoption_rules.audit.csvio import (
    AuditFileError,
    AuditFileUnreadableError,
    AuditIssue,
    audit_to_csv,
    parse_audit_csv,
    read_audit,
    write_audit_csv,
)
from adoption_rules.audit.elements import (
    AUDIT_TOOL_CITATION,
    ELEMENTS,
    SUB_ELEMENT_IDS,
    SUB_ELEMENTS,
    Element,
    SubElement,
    element_of,
    sub_element,
)
from adoption_rules.audit.model import (
    Audit,
    AuditEntry,
    AuditError,
    AuditTemplate,
    InvalidAuditError,
    Rating,
    blank_entries,
    entries_from,
    new_template,
)
from adoption_rules.audit.prefill import (
    PREFILL_MARK,
    REGION_FACTS,
    RegionFacts,
    Suggestion,
    UnknownRegionError,
    facts_for,
    prefill,
    suggest,
)
from adoption_rules.audit.report import (
    FORMATS,
    Change,
    ElementSummary,
    ReportPlan,
    Standing,
    SubElementChange,
    action_plan,
    compare,
    element_summaries,
    plan_report,
    render_html,
    render_json,
    render_markdown,
    render_report,
)

__all__ = [
    "AUDIT_TOOL_CITATION",
    "ELEMENTS",
    "FORMATS",
    "PREFILL_MARK",
    "REGION_FACTS",
    "SUB_ELEMENTS",
    "SUB_ELEMENT_IDS",
    "Audit",
    "AuditEntry",
    "AuditError",
    "AuditFileError",
    "AuditFileUnreadableError",
    "AuditIssue",
    "AuditTemplate",
    "Change",
    "Element",
    "ElementSummary",
    "InvalidAuditError",
    "Rating",
    "RegionFacts",
    "ReportPlan",
    "Standing",
    "SubElement",
    "SubElementChange",
    "Suggestion",
    "UnknownRegionError",
    "action_plan",
    "audit_to_csv",
    "blank_entries",
    "compare",
    "element_of",
    "element_summaries",
    "entries_from",
    "facts_for",
    "new_template",
    "parse_audit_csv",
    "plan_report",
    "prefill",
    "read_audit",
    "render_html",
    "render_json",
    "render_markdown",
    "render_report",
    "sub_element",
    "suggest",
    "write_audit_csv",
]
