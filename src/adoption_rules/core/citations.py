"""Citations as data: which document, which section, which catalogue rows.

A region declares its source document once (a :class:`Source`: the file the
policy came in and its title) and cites it section by section
(:class:`Citation`).  The words a reader sees are made by ONE function,
:func:`citation_text`; every region citation, in ``evaluate``'s output, in
``rules``, in ``explain`` and in the generated docs, goes through it, so the
way citations read is changed here and nowhere else (:func:`source_text` does
the same for a region's source document, as ``adoption-rules regions`` shows
it).  The machine-readable parts stay on the rule
(:attr:`~adoption_rules.core.rules.ObligationRule.source`): the file name, the
section, the catalogue rows.

A citation reads the way a person names a place in a document (rules
catalogue R13): the document's title and the section, never the file name
or the catalogue row, which stay machine-readable in the :class:`Citation`.

>>> seed = Source("000_1775740ee4c9f50c.txt", "Together4Children Adoption Support Policy")
>>> citation_text(Citation(seed, "7.10", ("T4",)))
'Together4Children Adoption Support Policy, 7.10'
>>> citation_text(Citation(Source("", "Adoption Support Services Regulations 2005"), "reg 20"))
'Adoption Support Services Regulations 2005, reg 20'
"""

from __future__ import annotations

import attrs

__all__ = ["Citation", "Source", "citation_details", "citation_text", "source_text"]


@attrs.frozen
class Source:
    """A policy document: the file it came in (``""`` when none) and its title."""

    file: str
    title: str

    def __str__(self) -> str:
        return source_text(self)


@attrs.frozen
class Citation:
    """A place in a source document: its section, the catalogue rows it encodes, a note.

    ``rows`` are rows of ``rules-catalogue.md`` (``("H5", "H9")``); ``note``
    is what the citation adds about the place (``"two months"``);
    ``reading`` says how an unclear passage is read (``"the RAA's cases
    are those begun on or after its start"``).
    """

    source: Source
    section: str
    rows: tuple[str, ...] = ()
    note: str = ""
    reading: str = ""

    def __str__(self) -> str:
        return citation_text(self)


def source_text(source: Source) -> str:
    """The document in words, as a region's ``source`` names it: ``file: title`` (or the title).

    With :func:`citation_text`, the only places where the way sources read is decided.
    """
    return f"{source.file}: {source.title}" if source.file else source.title


def citation_text(citation: Citation) -> str:
    """The citation in words: the one place where the way citations read is decided.

    ``<title>, <section>`` (the title alone when there is no section), exactly
    as the contract's example (rules catalogue R13).  The file, the catalogue
    rows, the note and the reading stay in the :class:`Citation`, as data;
    :func:`citation_details` puts them into words for a page that shows them.
    """
    title = citation.source.title
    return f"{title}, {citation.section}" if citation.section else title


def citation_details(citation: Citation) -> str:
    """What a citation holds beside its words: its note, reading, file and catalogue rows.

    >>> seed = Source("000_1775740ee4c9f50c.txt", "Together4Children Adoption Support Policy")
    >>> citation_details(Citation(seed, "7.10", ("T4",), note="5 working days"))
    '5 working days; file 000_1775740ee4c9f50c.txt; catalogue T4'
    """
    parts = [citation.note] if citation.note else []
    if citation.reading:
        parts.append(f"reading: {citation.reading}")
    if citation.source.file:
        parts.append(f"file {citation.source.file}")
    if citation.rows:
        parts.append(f"catalogue {', '.join(citation.rows)}")
    return "; ".join(parts)
