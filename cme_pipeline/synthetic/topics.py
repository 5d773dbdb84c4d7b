"""The words clinicians use for each metric's topic: the catalog's topic_keywords, and the point-of-care
questions that mention them (and questions on topics no need or metric covers).

A question names its topic the way a clinician types it, not the way a keyword list spells it ("Repeat
lactate in septic shock?"), so matching is tested on realistic text, not on the keyword itself.
"""

from __future__ import annotations

TOPIC_KEYWORDS: dict[str, str] = {
    "SEP1": "sepsis|septic shock|SEP-1|lactate",
    "CLABSI": "central line|CLABSI|CVC",
    "CAUTI": "urinary catheter|foley|CAUTI",
    "VTE_PROPH": "VTE prophylaxis|DVT prophylaxis|venous thromboembolism",
    "OPIOID_BENZO": "benzodiazepine|opioid and benzo",
    "NALOXONE": "naloxone|narcan",
    "HBA1C_POOR": "HbA1c|A1c|insulin intensification",
    "RESTRICT_TX": "transfusion|red cell|hemoglobin threshold",
    "NTSV_CS": "cesarean|labor dystocia|NTSV",
    "READMIT_30": "readmission|discharge follow-up|transitions of care",
    "HAND_HYGIENE": "hand hygiene|hand rub|alcohol rub",
}

GAP_TOPIC_KEYWORDS: dict[str, str] = {
    "Serious Illness Conversations in Oncology": "goals of care|serious illness conversation|advance care planning",
    "I-PASS Handoffs": "handoff|I-PASS|sign-out",
}

QUESTIONS: dict[str, tuple[str, ...]] = {
    "SEP1": ("When should lactate be repeated in septic shock?", "SEP-1: 30 mL/kg fluids with heart failure?",
             "Sepsis antibiotics within one hour - which first?"),
    "CLABSI": ("Central line dressing change interval", "CLABSI prevention bundle for femoral CVC"),
    "CAUTI": ("Foley removal criteria after surgery", "Indications for an indwelling urinary catheter"),
    "VTE_PROPH": ("VTE prophylaxis dose in obesity", "DVT prophylaxis after a fall with a subdural?"),
    "OPIOID_BENZO": ("Tapering a benzodiazepine in an older adult on opioids",
                     "Risk of opioid and benzo co-prescription at discharge"),
    "NALOXONE": ("Naloxone co-prescribing threshold (MME)", "Intranasal narcan dosing for family"),
    "HBA1C_POOR": ("Next step when HbA1c stays above 9% on metformin", "Insulin intensification: basal or GLP-1?"),
    "RESTRICT_TX": ("Hemoglobin threshold for transfusion after cardiac surgery", "Single-unit red cell transfusion"),
    "NTSV_CS": ("Labor dystocia definition before cesarean", "NTSV cesarean reduction: when to call arrest"),
    "READMIT_30": ("Discharge follow-up within 7 days for heart failure", "Readmission risk after COPD discharge"),
    "HAND_HYGIENE": ("Alcohol rub versus soap for C. difficile", "Hand hygiene moments during line care"),
}

UNRELATED_QUESTIONS: tuple[str, ...] = (
    "Apixaban dosing in renal impairment",
    "Workup of hyponatremia in the elderly",
    "Empiric antibiotics for community-acquired pneumonia",
    "Rate control in atrial fibrillation with hypotension",
    "Interpretation of a mildly elevated troponin",
    "Steroid dosing for COPD exacerbation",
    "Guideline for outpatient cellulitis",
)
