"""The QI metric catalog of the synthetic world, with the parameters that drive its values.

The 11 metrics are common hospital QI measures (SEP-1, CLABSI, CAUTI, VTE prophylaxis, readmissions,
...). Each carries, besides its catalog row, the numbers the simulation needs (baseline level, spread
between entities, secular drift) and the words the education around it uses (activity topic, practice
gap, commitment-to-change statements), so adding a metric is one entry here. Which service lines report
each metric is in eligibility.py.
"""

from __future__ import annotations

from dataclasses import dataclass

PRESCRIBERS: tuple[str, ...] = ("MD", "DO", "NP", "PA")


@dataclass(frozen=True)
class MetricSpec:
    metric_id: str
    name: str
    steward: str
    improvement_notation: str  # increase | decrease
    unit_of_analysis: str  # clinician | unit | service_line
    scoring: str  # proportion | rate_per_1000
    numerator_definition: str
    denominator_definition: str
    measure_type: str  # process | outcome
    mean: float  # baseline level at the first month: a fraction, or events per 1,000 device-days
    spread: float  # standard deviation of the baseline between entities (clinicians, units)
    drift: float  # secular change over a 30-month window, always in the improving direction
    committee: str | None  # the committee that usually raises needs on it (None: service lines do)
    topic: str  # stem of the education's activity titles
    gap: str  # practice-gap template: {sl}, {baseline}, {goal}
    commitments: tuple[str, str, str]  # commitment-to-change statements learners write

    @property
    def topic_keywords(self) -> str:
        """The catalog's topic_keywords: the words point-of-care questions on this metric use."""
        from cme_pipeline.synthetic.topics import TOPIC_KEYWORDS

        return TOPIC_KEYWORDS[self.metric_id]

    @property
    def benchmark_value(self) -> float | None:
        """No external benchmark in the synthetic catalog: needs carry the targets."""
        return None

    @property
    def sign(self) -> int:
        """+1 when higher is better: planted effects and trends move the metric this way."""
        return 1 if self.improvement_notation == "increase" else -1

    def fmt(self, value: float) -> str:
        """A level as a planner writes it in a needs assessment (67% or 1.2 per 1,000)."""
        return f"{value:.0%}" if self.scoring == "proportion" else f"{value:.2f} per 1,000 device-days"


METRICS: tuple[MetricSpec, ...] = (
    MetricSpec(
        metric_id="SEP1",
        name="SEP-1 severe sepsis/septic shock bundle compliance",
        steward="CMS",
        improvement_notation="increase",
        unit_of_analysis="unit",
        scoring="proportion",
        numerator_definition="Cases meeting every SEP-1 bundle element",
        denominator_definition="Eligible severe sepsis or septic shock cases (abstracted)",
        measure_type="process",
        mean=0.55,
        spread=0.06,
        drift=0.12,
        committee="Sepsis Committee",
        topic="Sepsis Recognition and the SEP-1 Bundle",
        gap=(
            "SEP-1 bundle compliance in {sl} is {baseline} against a goal of {goal}; repeat lactate and"
            " 30 mL/kg fluid elements fail most often."
        ),
        commitments=(
            "I will re-measure lactate within 6 hours whenever the first is elevated.",
            "I will start the sepsis order set at triage, not after the first antibiotic.",
            "I will document the fluid volume, or the reason for less, in every septic shock case.",
        ),
    ),
    MetricSpec(
        metric_id="CLABSI",
        name="Central line-associated bloodstream infection rate",
        steward="CDC NHSN",
        improvement_notation="decrease",
        unit_of_analysis="unit",
        scoring="rate_per_1000",
        numerator_definition="NHSN-defined CLABSI events",
        denominator_definition="Central line-days",
        measure_type="outcome",
        mean=1.2,
        spread=0.3,
        drift=-0.3,
        committee="Infection Prevention",
        topic="Central Line Insertion and Maintenance Bundles",
        gap=(
            "CLABSI in {sl} runs at {baseline} against a goal of {goal}; maintenance-bundle audits show"
            " missed daily necessity reviews."
        ),
        commitments=(
            "I will ask every day whether each central line is still needed.",
            "I will use the insertion checklist, including full barrier precautions, every time.",
            "I will scrub the hub for 15 seconds before every access.",
        ),
    ),
    MetricSpec(
        metric_id="CAUTI",
        name="Catheter-associated urinary tract infection rate",
        steward="CDC NHSN",
        improvement_notation="decrease",
        unit_of_analysis="unit",
        scoring="rate_per_1000",
        numerator_definition="NHSN-defined CAUTI events",
        denominator_definition="Urinary catheter-days",
        measure_type="outcome",
        mean=1.0,
        spread=0.25,
        drift=-0.25,
        committee="Infection Prevention",
        topic="Catheter Stewardship: Preventing CAUTI",
        gap=(
            "CAUTI in {sl} runs at {baseline} against a goal of {goal}; catheters stay in after surgery"
            " without a documented indication."
        ),
        commitments=(
            "I will remove urinary catheters by postoperative day 2 unless an indication is documented.",
            "I will use bladder scanning before reinserting a catheter.",
            "I will review catheter indications on morning rounds.",
        ),
    ),
    MetricSpec(
        metric_id="VTE_PROPH",
        name="VTE prophylaxis by hospital day 2",
        steward="The Joint Commission",
        improvement_notation="increase",
        unit_of_analysis="clinician",
        scoring="proportion",
        numerator_definition="Patients given VTE prophylaxis (or with a documented reason for none) by day 2",
        denominator_definition="Adult inpatients",
        measure_type="process",
        mean=0.68,
        spread=0.06,
        drift=0.1,
        committee="Patient Safety",
        topic="VTE Risk Assessment and Prophylaxis",
        gap=(
            "VTE prophylaxis by day 2 in {sl} is {baseline} against a goal of {goal}; risk assessment "
            "is skipped on transfers."
        ),
        commitments=(
            "I will complete a VTE risk assessment on every admission and transfer.",
            "I will order prophylaxis by day 2, or document why not.",
            "I will use the VTE order set, and review it with residents.",
        ),
    ),
    MetricSpec(
        metric_id="OPIOID_BENZO",
        name="Concurrent opioid and benzodiazepine prescribing at discharge",
        steward="CMS",
        improvement_notation="decrease",
        unit_of_analysis="clinician",
        scoring="proportion",
        numerator_definition="Discharges with both an opioid and a benzodiazepine prescribed",
        denominator_definition="Discharges with an opioid or a benzodiazepine prescribed",
        measure_type="process",
        mean=0.32,
        spread=0.06,
        drift=-0.09,
        committee="Pharmacy & Therapeutics",
        topic="Avoiding Opioid and Benzodiazepine Co-Prescribing",
        gap="Opioid + benzodiazepine co-prescribing at discharge in {sl} is {baseline}; the goal is {goal}.",
        commitments=(
            "I will check the PDMP before prescribing an opioid at discharge.",
            "I will taper benzodiazepines, or avoid starting them, when an opioid is needed.",
            "I will discuss overdose risk with patients who must take both.",
        ),
    ),
    MetricSpec(
        metric_id="NALOXONE",
        name="Naloxone co-prescribing for high-risk opioid prescriptions",
        steward="Internal (P&T)",
        improvement_notation="increase",
        unit_of_analysis="clinician",
        scoring="proportion",
        numerator_definition="High-risk opioid prescriptions with naloxone co-prescribed",
        denominator_definition="High-risk opioid prescriptions (>= 50 MME/day or with a benzodiazepine)",
        measure_type="process",
        mean=0.35,
        spread=0.07,
        drift=0.12,
        committee="Pharmacy & Therapeutics",
        topic="Naloxone Co-Prescribing for High-Risk Opioid Patients",
        gap=(
            "Only {baseline} of high-risk opioid prescriptions in {sl} come with naloxone; the goal is "
            "{goal}."
        ),
        commitments=(
            "I will co-prescribe naloxone with every opioid prescription at 50 MME or more.",
            "I will teach patients and families how to use naloxone, before discharge.",
            "I will use the naloxone best-practice alert instead of dismissing it.",
        ),
    ),
    MetricSpec(
        metric_id="HBA1C_POOR",
        name="Diabetes: HbA1c poor control (> 9%)",
        steward="NCQA (HEDIS)",
        improvement_notation="decrease",
        unit_of_analysis="clinician",
        scoring="proportion",
        numerator_definition="Panel patients with HbA1c > 9% or not tested in the year",
        denominator_definition="Diabetic panel patients aged 18-75",
        measure_type="outcome",
        mean=0.3,
        spread=0.06,
        drift=-0.07,
        committee=None,
        topic="Intensifying Diabetes Care: Closing the HbA1c Gap",
        gap="{baseline} of diabetic patients in {sl} panels have HbA1c > 9% or no test; the goal is {goal}.",
        commitments=(
            "I will intensify therapy at the visit when HbA1c is above 9%.",
            "I will order an HbA1c for every diabetic patient without one this year.",
            "I will refer patients above 9% to diabetes education, and follow up in 3 months.",
        ),
    ),
    MetricSpec(
        metric_id="RESTRICT_TX",
        name="Restrictive red cell transfusion",
        steward="Internal (Patient Blood Management)",
        improvement_notation="increase",
        unit_of_analysis="clinician",
        scoring="proportion",
        numerator_definition="Transfusions that are single-unit or given at Hb < 7 g/dL",
        denominator_definition="Red cell transfusion orders",
        measure_type="process",
        mean=0.6,
        spread=0.06,
        drift=0.1,
        committee="Quality Council",
        topic="Patient Blood Management: Restrictive Transfusion",
        gap=(
            "Restrictive transfusion practice in {sl} is {baseline} against a goal of {goal}; two-unit "
            "orders remain common."
        ),
        commitments=(
            "I will order one unit at a time, and reassess before the next.",
            "I will transfuse stable patients only below Hb 7 g/dL.",
            "I will document the indication on every transfusion order.",
        ),
    ),
    MetricSpec(
        metric_id="NTSV_CS",
        name="NTSV cesarean birth rate",
        steward="The Joint Commission (PC-02)",
        improvement_notation="decrease",
        unit_of_analysis="clinician",
        scoring="proportion",
        numerator_definition="Cesarean births",
        denominator_definition="Nulliparous, term, singleton, vertex births",
        measure_type="outcome",
        mean=0.28,
        spread=0.05,
        drift=-0.06,
        committee=None,
        topic="Supporting Vaginal Birth: Reducing NTSV Cesarean",
        gap=(
            "The NTSV cesarean rate in {sl} is {baseline} against a goal of {goal}; labor-arrest "
            "diagnoses are made before active labor."
        ),
        commitments=(
            "I will not diagnose arrest of labor before 6 cm dilation.",
            "I will use the labor-management bundle, including intermittent auscultation when appropriate.",
            "I will review my NTSV cesareans with a peer each quarter.",
        ),
    ),
    MetricSpec(
        metric_id="READMIT_30",
        name="30-day all-cause unplanned readmission",
        steward="CMS",
        improvement_notation="decrease",
        unit_of_analysis="service_line",
        scoring="proportion",
        numerator_definition="Unplanned readmissions within 30 days of discharge",
        denominator_definition="Index discharges",
        measure_type="outcome",
        mean=0.15,
        spread=0.02,
        drift=-0.03,
        committee="Quality Council",
        topic="Safe Transitions: Reducing 30-Day Readmissions",
        gap="30-day readmissions after {sl} discharges are {baseline} against a goal of {goal}.",
        commitments=(
            "I will schedule a follow-up visit before every discharge.",
            "I will use teach-back for discharge medication changes.",
            "I will call high-risk patients within 72 hours of discharge.",
        ),
    ),
    MetricSpec(
        metric_id="HAND_HYGIENE",
        name="Hand hygiene compliance (observed)",
        steward="Internal (Infection Prevention)",
        improvement_notation="increase",
        unit_of_analysis="unit",
        scoring="proportion",
        numerator_definition="Compliant observed hand hygiene opportunities",
        denominator_definition="Observed opportunities",
        measure_type="process",
        mean=0.78,
        spread=0.05,
        drift=0.1,
        committee="Infection Prevention",
        topic="Hand Hygiene: Every Opportunity, Every Time",
        gap="Observed hand hygiene compliance in {sl} is {baseline} against a goal of {goal}.",
        commitments=(
            "I will gel in and gel out of every patient room.",
            "I will remind colleagues, respectfully, when I see a missed opportunity.",
            "I will clean my hands before touching any line or device.",
        ),
    ),
)
METRICS_BY_ID: dict[str, MetricSpec] = {m.metric_id: m for m in METRICS}

# Unit-level metrics: per-month denominator ranges.
UNIT_DENOMINATORS: dict[str, tuple[int, int]] = {
    "SEP1": (15, 40),
    "HAND_HYGIENE": (100, 300),
    "CLABSI": (200, 800),  # central line-days
    "CAUTI": (200, 800),  # catheter-days
}
SERVICE_LINE_DENOMINATOR: tuple[int, int] = (150, 400)  # index discharges per hospital-month
