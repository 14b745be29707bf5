"""Write ``examples/caseload.jsonl``: a synthetic caseload for ``make demo``.

Deterministic (seeded), no real names or free text: case ids, council slugs
and dates only.  Every region appears, with support journeys stopped at
every stage, adopter-approval journeys, financial support, recent
placements and family moves; some steps are missed so that obligations are
overdue as of the demo date.

Run: ``python scripts/make_caseload.py`` (rewrites the file).
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import random
from typing import Any

AS_OF = dt.date(2026, 11, 23)
TARGET = pathlib.Path(__file__).resolve().parents[1] / "examples" / "caseload.jsonl"

REGIONS: dict[str, tuple[str, list[str]]] = {
    "together4children": (
        "T4C",
        ["shropshire", "staffordshire", "stoke-on-trent", "telford-and-wrekin"],
    ),
    "adoption_at_heart": ("AAH", ["wolverhampton", "dudley", "sandwell", "walsall"]),
    "adoption_west": (
        "AW",
        [
            "bath-and-north-east-somerset",
            "bristol",
            "gloucestershire",
            "north-somerset",
            "south-gloucestershire",
            "wiltshire",
        ],
    ),
    "leicestershire": ("LEI", ["leicestershire", "leicester", "rutland"]),
    "england": ("ENG", ["lincolnshire", "leicester", "bristol"]),
}

SUPPORT_STEPS: list[tuple[str, int, dict[str, Any]]] = [
    ("referral_received", 0, {}),
    ("screening_completed", 2, {"outcome": "assessment"}),
    ("detailed_referral_completed", 4, {}),
    ("referral_signed_off", 4, {}),
    ("consent_signed", 5, {}),
    ("initial_visit", 7, {}),
    ("assessment_completed", 50, {}),
    ("plan_proposed", 2, {}),
    ("plan_approved", 16, {}),
    ("review_held", 200, {}),
    ("review_shared", 6, {}),
]


def _d(day: dt.date) -> str:
    return day.isoformat()


def support_case(
    rng: random.Random, start: dt.date, stop_after: int, late: bool
) -> list[dict[str, Any]]:
    events = []
    day = start
    for i, (kind, gap, extra) in enumerate(SUPPORT_STEPS[: stop_after + 1]):
        day = day + dt.timedelta(days=gap + (rng.randint(0, 3) if not late else rng.randint(5, 25)))
        if day > AS_OF:
            break
        events.append({"type": kind, "date": _d(day), **extra})
        if kind == "assessment_completed" and late and i % 2:
            events[-1]["late_reason"] = "recorded by manager"
    return events


def approval_case(
    rng: random.Random, start: dt.date, stop_after: int, approved: bool
) -> list[dict[str, Any]]:
    steps: list[tuple[str, int, dict[str, Any]]] = [
        ("registration_of_interest", 0, {}),
        ("stage1_completed", rng.choice([55, 65, 75]), {}),
        ("stage2_started", 7, {}),
        ("panel_held", rng.choice([100, 120, 140]), {}),
        ("panel_minutes_received", 5, {}),
        (
            "adm_decision",
            rng.choice([5, 8, 12]),
            {"outcome": "approved" if approved else "not_approved"},
        ),
        (
            "irm_application" if not approved else "approval_review_held",
            30 if not approved else 360,
            {},
        ),
        ("irm_documents_sent" if not approved else "matched", 9 if not approved else 40, {}),
    ]
    events = []
    day = start
    for kind, gap, extra in steps[: stop_after + 1]:
        day = day + dt.timedelta(days=gap)
        if day > AS_OF:
            break
        events.append({"type": kind, "date": _d(day), **extra})
    return events


def main() -> None:
    rng = random.Random(20261123)
    cases = []
    n = 0
    for region, (prefix, councils) in REGIONS.items():
        for k in range(10):
            n += 1
            placing = rng.choice(councils)
            lives = rng.choice(councils) if rng.random() < 0.8 else "lincolnshire"
            order = dt.date(rng.randint(2016, 2025), rng.randint(1, 12), rng.randint(1, 28))
            placement = order - dt.timedelta(days=rng.randint(150, 400))
            case: dict[str, Any] = {
                "contract_version": 1,
                "case_id": f"{prefix}-{1000 + n:06d}",
                "region": region,
                "local_authority": lives,
                "placing_authority": placing,
                "adoption_route": rng.choice(["agency"] * 8 + ["intercountry", "non_agency"]),
                "placement_date": _d(placement),
                "adoption_order_date": _d(order),
                "child_date_of_birth": _d(placement - dt.timedelta(days=rng.randint(300, 3000))),
                "tracking_from": "2025-01-01",
                "events": [],
            }
            kind = k % 5
            if kind in (0, 1, 2):
                start = AS_OF - dt.timedelta(days=rng.randint(20, 420))
                case["events"] = support_case(
                    rng, start, rng.randint(0, len(SUPPORT_STEPS) - 1), late=k % 3 == 0
                )
                if k == 2:
                    case["events"] += [
                        {
                            "type": "external_therapy_started",
                            "date": _d(start + dt.timedelta(days=80)),
                        },
                        {
                            "type": "closure_decided",
                            "date": _d(start + dt.timedelta(days=120)),
                            "reason": "review",
                        },
                    ]
            elif kind == 3:
                start = AS_OF - dt.timedelta(days=rng.randint(60, 500))
                case.pop("adoption_order_date")
                case["placement_date"] = None
                if k == 8:
                    # A decision not to approve, then the IRM (E11, L5): the windows show.
                    start = AS_OF - dt.timedelta(days=300)
                    case["events"] = approval_case(rng, start, 7, approved=False)
                else:
                    case["events"] = approval_case(
                        rng, start, rng.randint(0, 7), approved=rng.random() < 0.7
                    )
            else:
                agreed = AS_OF - dt.timedelta(days=rng.randint(200, 800))
                case["events"] = [{"type": "financial_support_agreed", "date": _d(agreed)}]
                if rng.random() < 0.5:
                    case["events"].append(
                        {
                            "type": "financial_support_reviewed",
                            "date": _d(agreed + dt.timedelta(days=360)),
                        }
                    )
                case["events"].append(
                    {
                        "type": "change_of_circumstances",
                        "date": _d(AS_OF - dt.timedelta(days=rng.randint(5, 60))),
                    }
                )
                if rng.random() < 0.4:
                    case["events"].append(
                        {
                            "type": "family_moved",
                            "date": _d(AS_OF - dt.timedelta(days=rng.randint(10, 90))),
                            "local_authority": rng.choice(councils),
                        }
                    )
            # A recently placed child: placement reviews before the order (E9).
            if k == 9:
                case["placement_date"] = _d(AS_OF - dt.timedelta(days=rng.randint(40, 200)))
                case.pop("adoption_order_date", None)
                case["events"].append(
                    {
                        "type": "review_held",
                        "date": _d(
                            dt.date.fromisoformat(case["placement_date"]) + dt.timedelta(days=25)
                        ),
                    }
                )
            case = {k2: v for k2, v in case.items() if v is not None}
            case["events"].sort(key=lambda e: e["date"])
            cases.append(case)
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text("".join(json.dumps(c) + "\n" for c in cases))
    print(f"wrote {len(cases)} cases to {TARGET}")


if __name__ == "__main__":
    main()
