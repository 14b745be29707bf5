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

>>> seed = Source("000_1775740ee4c9f50c.txt", "Together4Children Adoption Support Policy")
>>> citation_text(Citation(seed, "7.10", ("T4",)))
'000_1775740ee4c9f50c.txt 7.10 (catalogue T4)'
>>> citation_text(Citation(Source("", "Example RAB Procedure"), "3.2"))
'Example RAB Procedure, 3.2'
"""

from __future__ import annotations

import attrs

__all__ = ["Citation", "Source", "citation_text", "source_text"]


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

    A document with a file name: ``<file> <section> (catalogue <rows>)``; one
    with only a title: ``<title>, <section>``; then ``: <note>`` and
    `` reading: <reading>`` when given.
    """
    source = citation.source
    if source.file:
        text = f"{source.file} {citation.section}"
        if citation.rows:
            text += f" (catalogue {', '.join(citation.rows)})"
    else:
        text = f"{source.title}, {citation.section}"
    if citation.note:
        text += f": {citation.note}"
    if citation.reading:
        text += f" reading: {citation.reading}"
    return text
