"""The England baseline: national rules every region inherits (catalogue E1-E14).

Registered like any other plugin, with ``trylast=True`` on every hook, so a
region's answer overrides it and it answers whatever a region leaves open.
Each rule below names the statute or guidance it encodes and, where the
catalogue reads an ambiguous sentence, that reading.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from adoption_rules.authority import AuthorityAnswer, e1_responsible_authority
from adoption_rules.hookspecs import hookimpl
from adoption_rules.model import (
    AdoptionRoute,
    AssessmentCompleted,
    Case,
    CaseWarning,
    Obligation,
    PlanApproved,
    RepresentationsReceived,
    Status,
)
from adoption_rules.periods import Days, Months, Weeks, WorkingDays
from adoption_rules.rules import (
    NO_RULE,
    DoneBy,
    Ender,
    NoRule,
    ObligationRule,
    Rolling,
    Trigger,
    fixed_period,
)

PLUGIN_NAME: Final = "england"

#: Kinds of the contract ("Obligation kinds"), in the contract's order.
CONTRACT_KINDS: Final[tuple[str, ...]] = (
    "referral_sign_off",
    "assessment",
    "representations_window",
    "plan_review",
    "review_record_shared",
    "change_review",
    "placement_review",
    "closure_letter",
    "closed_case_review",
    "financial_support_review",
    "stage1",
    "stage2",
    "adm_decision",
    "irm_application_window",
    "irm_documents",
    "irm_panel",
    "approval_review",
)

_CLOSURE: Final = (Ender("closure_decided"),)

RULES: Final[dict[str, ObligationRule]] = {
    rule.kind: rule
    for rule in (
        ObligationRule(
            kind="assessment",
            rule_id="england.assessment",
            citation="Adoption and Children Act 2002 s4; ASSR 2005 reg 13 (catalogue E2-E5)",
            description=(
                "An assessment of need once screening decides one is needed; the law sets "
                "no time limit. No duty to assess a step-parent adoption (E3); advice and "
                "information need none (E5)."
            ),
            triggers=(
                Trigger(
                    "screening_completed",
                    fixed_period(
                        "england.assessment",
                        None,
                        "Adoption and Children Act 2002 s4; ASSR 2005 reg 13 (catalogue E2); "
                        "no national time limit",
                    ),
                    where=(("outcome", "assessment"),),
                ),
            ),
            done_by=(DoneBy("assessment_completed"),),
            ends_on=_CLOSURE,
            routes=frozenset(AdoptionRoute) - {AdoptionRoute.STEP_PARENT},
        ),
        ObligationRule(
            kind="representations_window",
            rule_id="england.representations_window",
            citation="ASSR 2005, notice of proposal (catalogue E6)",
            description=(
                "After a proposed plan or a proposal to vary or end support, the recipient "
                "may make representations; decide only after the period ends or they say "
                "they are content. 28 days where the council sets none."
            ),
            triggers=tuple(
                Trigger(
                    event,
                    fixed_period(
                        "england.representations_window",
                        Days(28),
                        "ASSR 2005 notice of proposal; national default of 28 days is DfE "
                        "ASF Q&A good practice, not statute (catalogue E6)",
                    ),
                )
                for event in ("plan_proposed", "variation_proposed")
            ),
            window=True,
        ),
        ObligationRule(
            kind="financial_support_review",
            rule_id="england.financial_support_review",
            citation="ASSR 2005 reg 20 (catalogue E8); 004_9a30a8a3aa6820d9.txt 7.6",
            description=(
                "Financial support paid regularly is reviewed annually: 12 months after it "
                "was agreed, then 12 months after each review (E8 reading)."
            ),
            triggers=(
                Trigger(
                    "financial_support_agreed",
                    fixed_period(
                        "england.financial_support_review",
                        Months(12),
                        "ASSR 2005 reg 20 (catalogue E8); 004_9a30a8a3aa6820d9.txt 7.6",
                    ),
                ),
            ),
            done_by=(DoneBy("financial_support_reviewed"),),
            recurrence=Rolling(),
        ),
        ObligationRule(
            kind="placement_review",
            rule_id="england.placement_review",
            citation="Adoption Agencies Regulations 2005 reg 36 (catalogue E9)",
            description=(
                "Before the adoption order: first review within 4 weeks of placement, the "
                "second within 3 months of the first, then every 6 months until the order."
            ),
            triggers=(
                Trigger(
                    "placement_date",
                    fixed_period(
                        "england.placement_review.first",
                        Weeks(4),
                        "AAR 2005 reg 36: first review within 4 weeks of placement (E9)",
                    ),
                ),
            ),
            done_by=(DoneBy("review_held"),),
            ends_on=(Ender("adoption_order_date"),),
            recurrence=Rolling(
                then=(
                    fixed_period(
                        "england.placement_review.second",
                        Months(3),
                        "AAR 2005 reg 36: second review within 3 months of the first (E9)",
                    ),
                    fixed_period(
                        "england.placement_review.later",
                        Months(6),
                        "AAR 2005 reg 36: then every 6 months until the order (E9)",
                    ),
                )
            ),
        ),
        ObligationRule(
            kind="stage1",
            rule_id="england.stage1",
            citation="AAR 2005 as amended 2013; statutory guidance (catalogue E10)",
            description="Stage 1 of adopter approval: 2 months from the registration of interest.",
            triggers=(
                Trigger(
                    "registration_of_interest",
                    fixed_period(
                        "england.stage1",
                        Months(2),
                        "AAR 2005 as amended 2013, statutory guidance: Stage 1 within 2 months "
                        "(catalogue E10)",
                    ),
                ),
            ),
            done_by=(DoneBy("stage1_completed"),),
            track="approval",
        ),
        ObligationRule(
            kind="stage2",
            rule_id="england.stage2",
            citation="AAR 2005 as amended 2013; statutory guidance (catalogue E10)",
            description="Stage 2: 4 months from its start, ending with the ADM's decision.",
            triggers=(
                Trigger(
                    "stage2_started",
                    fixed_period(
                        "england.stage2",
                        Months(4),
                        "AAR 2005 as amended 2013, statutory guidance: Stage 2 within 4 months "
                        "(catalogue E10)",
                    ),
                ),
            ),
            done_by=(DoneBy("adm_decision"),),
            track="approval",
        ),
        ObligationRule(
            kind="irm_application_window",
            rule_id="england.irm_application_window",
            citation="Independent Review Mechanism, gov.uk guidance (catalogue E11)",
            description="An applicant not approved may apply to the IRM within 40 working days.",
            triggers=(
                Trigger(
                    "adm_decision",
                    fixed_period(
                        "england.irm_application_window",
                        WorkingDays(40),
                        "IRM guidance: apply within 40 working days of the decision (E11); "
                        "004_9a30a8a3aa6820d9.txt 7.3",
                    ),
                    where=(("outcome", "not_approved"),),
                ),
            ),
            window=True,
            track="approval",
        ),
        ObligationRule(
            kind="irm_documents",
            rule_id="england.irm_documents",
            citation="Independent Review Mechanism, gov.uk guidance (catalogue E11)",
            description="The agency sends its papers to the IRM within 10 working days.",
            triggers=(
                Trigger(
                    "irm_application",
                    fixed_period(
                        "england.irm_documents",
                        WorkingDays(10),
                        "IRM guidance: papers within 10 working days of the application (E11); "
                        "004_9a30a8a3aa6820d9.txt 7.3",
                    ),
                ),
            ),
            done_by=(DoneBy("irm_documents_sent"),),
            track="approval",
        ),
        ObligationRule(
            kind="approval_review",
            rule_id="england.approval_review",
            citation="AAR 2005, review of approval (catalogue E12); 004_9a30a8a3aa6820d9.txt 12",
            description=(
                "Approved adopters with no child placed: reviewed within 1 year of approval, "
                "then at least yearly, until matched (E12 reading)."
            ),
            triggers=(
                Trigger(
                    "adm_decision",
                    fixed_period(
                        "england.approval_review",
                        Months(12),
                        "AAR 2005 review of approval: within 1 year, then yearly (E12)",
                    ),
                    where=(("outcome", "approved"),),
                ),
            ),
            done_by=(DoneBy("approval_review_held"),),
            ends_on=(Ender("matched"),),
            recurrence=Rolling(),
            track="approval",
        ),
    )
}


@hookimpl(trylast=True)
def adoption_rules_obligation_kinds(region: str) -> list[str]:
    return list(CONTRACT_KINDS)


@hookimpl(trylast=True)
def adoption_rules_obligation_rule(region: str, kind: str) -> ObligationRule | NoRule | None:
    return RULES.get(kind, NO_RULE)


@hookimpl(trylast=True)
def adoption_rules_responsible_authority(
    region: str, case: Case, as_of: dt.date
) -> AuthorityAnswer | None:
    return e1_responsible_authority(case, as_of)


@hookimpl(trylast=True)
def adoption_rules_closure_days(region: str) -> list[dt.date] | None:
    return []


@hookimpl(trylast=True)
def adoption_rules_case_warnings(
    region: str, case: Case, obligations: list[Obligation], as_of: dt.date
) -> list[CaseWarning]:
    warnings: list[CaseWarning] = []
    warnings.extend(_late_without_reason(case, obligations))
    warnings.extend(_decided_during_representations(case, obligations))
    return warnings


def _late_without_reason(case: Case, obligations: list[Obligation]) -> list[CaseWarning]:
    """An assessment met late with no ``late_reason`` recorded (T4C 8.4; contract example)."""
    if not any(ob.status is Status.MET_LATE and ob.kind == "assessment" for ob in obligations):
        return []
    reasons = {e.date: e.late_reason for e in case.events if isinstance(e, AssessmentCompleted)}
    out = []
    for ob in obligations:
        if (
            ob.kind == "assessment"
            and ob.status is Status.MET_LATE
            and ob.done_on is not None
            and not reasons.get(ob.done_on)
        ):
            out.append(
                CaseWarning(
                    "late_without_reason",
                    f"the assessment due {ob.due} was completed late on {ob.done_on} "
                    "and no late_reason was recorded",
                )
            )
    return out


def _decided_during_representations(case: Case, obligations: list[Obligation]) -> list[CaseWarning]:
    """A plan approved while the representations window was open, with none received (E6)."""
    approvals = [e.date for e in case.events if isinstance(e, PlanApproved)]
    if not approvals:
        return []
    received = [e.date for e in case.events if isinstance(e, RepresentationsReceived)]
    out = []
    for ob in obligations:
        if ob.kind != "representations_window" or ob.due is None:
            continue
        if ob.starts_from.event != "plan_proposed":
            continue
        start, due = ob.starts_from.date, ob.due
        for approved in approvals:
            if start <= approved <= due and not any(start <= r <= approved for r in received):
                out.append(
                    CaseWarning(
                        "decided_during_representations",
                        f"the plan was approved on {approved} while the representations window "
                        f"opened on {start} was still open (until {due}) and no representations "
                        "were received",
                    )
                )
    return out
