"""The documents rules are cited from, by name: the five policies and the national law.

A citation a person can read names the document and the section in words
(rules catalogue R13): ``Together4Children Adoption Support Policy and
Procedure, 7.10``; ``Adoption Support Services Regulations 2005, reg 20``.
The file a policy came in (its seed) is kept apart, as data: :data:`SEED_TITLES`
gives each seed file's title, so a citation never has to show the file name.

National rules cite national law or guidance, never one agency's document.
Where the sources name a document but not the regulation or section, the
citation says so ("regulation number unconfirmed") rather than guess one.

>>> SEED_TITLES["000_1775740ee4c9f50c.txt"]
'Together4Children Adoption Support Policy and Procedure'
>>> in_words(ASSR_2005, "reg 20")
'Adoption Support Services Regulations 2005, reg 20'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = [
    "AAR_2005",
    "ACA_2002",
    "ASF_GUIDANCE",
    "ASF_QA",
    "ASGLB_KEY_ELEMENTS",
    "ASSR_2005",
    "CA_1989",
    "HCWS589",
    "IRM_GUIDANCE",
    "NUMBER_UNCONFIRMED",
    "SEED_TITLES",
    "STATUTORY_GUIDANCE",
    "in_words",
]

#: Each seed file (``shared/seeds/``) and the title of the document it holds, as the
#: document calls itself.
SEED_TITLES: Final[Mapping[str, str]] = {
    "000_1775740ee4c9f50c.txt": "Together4Children Adoption Support Policy and Procedure",
    "001_5a198d102c392edc.txt": "Adoption@Heart Adoption Support Procedure",
    "002_2b773c64d6b34cd3.txt": (
        "Adoption and Special Guardianship Leadership Board, Key Elements of an Adoption "
        "Support Service"
    ),
    "003_9f7fae36d35d9718.txt": "Adoption West Regional Adoption Service Specification (draft)",
    "004_9a30a8a3aa6820d9.txt": (
        "Leicestershire Adoption and Permanence Statement of Purpose 2019-2020"
    ),
}

# -- national law and guidance ----------------------------------------------------------

#: The Adoption and Children Act 2002 (sections: ``s4``).
ACA_2002: Final = "Adoption and Children Act 2002"
#: The Adoption Support Services Regulations 2005 (``reg 7``, ``reg 13``, ``reg 20``).
ASSR_2005: Final = "Adoption Support Services Regulations 2005"
#: The Adoption Agencies Regulations 2005 (``reg 36``).
AAR_2005: Final = "Adoption Agencies Regulations 2005"
#: The Children Act 1989 (``s47``).
CA_1989: Final = "Children Act 1989"
#: The Department for Education's statutory guidance on adoption.
STATUTORY_GUIDANCE: Final = "Statutory Guidance on Adoption (DfE, July 2014)"
#: The government's pages on the Independent Review Mechanism.
IRM_GUIDANCE: Final = "Independent Review Mechanism guidance (GOV.UK)"
#: The fund's guidance.
ASF_GUIDANCE: Final = "Adoption and Special Guardianship Support Fund guidance (DfE)"
#: The fund's questions and answers (good practice, not statute).
ASF_QA: Final = "Adoption Support Fund questions and answers (DfE)"
#: The statement that set the fund's 2025/26 limits.
HCWS589: Final = "Written Ministerial Statement HCWS589 (22 April 2025)"
#: The national benchmark of seed 002 (the survey and audit tool).
ASGLB_KEY_ELEMENTS: Final = SEED_TITLES["002_2b773c64d6b34cd3.txt"]

#: Said where the sources name the regulations but not the regulation.
NUMBER_UNCONFIRMED: Final = "regulation number unconfirmed"


def in_words(document: str, section: str = "") -> str:
    """``document, section`` (or the document alone): a citation a person can read."""
    return f"{document}, {section}" if section else document
