"""Word lists and text templates for the synthetic world.

Kept apart from the simulation so the generator reads as logic. The name lists are long
enough that a few-thousand-person roster stays varied, yet short (and skewed, see
`roster.py`) so some (first, last) pairs collide, as they do in every real hospital: the
pipeline must never treat a name as an identity.
"""

from __future__ import annotations

from dataclasses import dataclass

# fmt: off
FIRST_NAMES: tuple[str, ...] = (
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
    "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
    "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
    "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
    "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Dorothy", "George", "Melissa", "Timothy", "Deborah",
    "Ronald", "Stephanie", "Edward", "Rebecca", "Jason", "Sharon", "Jeffrey", "Laura", "Ryan", "Cynthia",
    "Jacob", "Kathleen", "Gary", "Amy", "Nicholas", "Angela", "Eric", "Shirley", "Jonathan", "Anna",
    "Stephen", "Brenda", "Larry", "Pamela", "Justin", "Emma", "Scott", "Nicole", "Brandon", "Helen",
    "Benjamin", "Samantha", "Samuel", "Katherine", "Gregory", "Christine", "Alexander", "Debra", "Frank",
    "Rachel", "Patrick", "Carolyn", "Raymond", "Janet", "Jack", "Catherine", "Dennis", "Maria", "Jerry",
    "Heather", "Tyler", "Diane", "Aaron", "Ruth", "Jose", "Julie", "Adam", "Olivia", "Nathan", "Joyce",
    "Henry", "Virginia", "Douglas", "Victoria", "Zachary", "Kelly", "Peter", "Lauren", "Kyle", "Christina",
    "Ethan", "Joan", "Walter", "Evelyn", "Noah", "Judith", "Jeremy", "Megan", "Christian", "Andrea",
    "Keith", "Cheryl", "Roger", "Hannah", "Terry", "Jacqueline", "Gerald", "Martha", "Harold", "Gloria",
    "Sean", "Teresa", "Austin", "Ann", "Carl", "Sara", "Arthur", "Madison", "Lawrence", "Frances", "Dylan",
    "Kathryn", "Jesse", "Janice", "Jordan", "Jean", "Bryan", "Abigail", "Billy", "Alice", "Priya", "Wei",
    "Arjun", "Mei", "Rahul", "Aisha", "Omar", "Fatima", "Hiroshi", "Yuki", "Carlos", "Sofia", "Luis",
    "Camila", "Ahmed", "Leila", "Kwame", "Amara", "Dmitri", "Anya", "Rohan", "Ananya",
)
# fmt: on

# fmt: off
LAST_NAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
    "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis",
    "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
    "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
    "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper",
    "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson",
    "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez",
    "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "Powell", "Jenkins",
    "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes", "Gonzales",
    "Fisher", "Vasquez", "Simmons", "Romero", "Jordan", "Patterson", "Alexander", "Hamilton", "Graham",
    "Reynolds", "Griffin", "Wallace", "Moreno", "West", "Cole", "Hayes", "Bryant", "Herrera", "Gibson",
    "Ellis", "Tran", "Medina", "Aguilar", "Stevens", "Murray", "Ford", "Castro", "Marshall", "Owens",
    "Harrison", "Fernandez", "McDonald", "Woods", "Washington", "Kennedy", "Wells", "Vargas", "Henry",
    "Chen", "Freeman", "Webb", "Tucker", "Guzman", "Burns", "Crawford", "Olson", "Simpson", "Porter",
    "Hunter", "Gordon", "Mendez", "Silva", "Shaw", "Snyder", "Mason", "Dixon", "Munoz", "Hunt", "Hicks",
    "Holmes", "Palmer", "Wagner", "Black", "Robertson", "Boyd", "Rose", "Stone", "Salazar", "Fox", "Warren",
    "Mills", "Meyer", "Rice", "Schmidt", "Garza", "Daniels", "Ferguson", "Nichols", "Stephens", "Soto",
    "Weaver", "Ryan", "Gardner", "Payne", "Grant", "Dunn", "Kelley", "Spencer", "Hawkins", "Arnold",
    "Pierce", "Vazquez", "Hansen", "Peters", "Santos", "Hart", "Bradley", "Knight", "Elliott", "Cunningham",
    "Duncan", "Armstrong", "Hudson", "Carroll", "Lane", "Riley", "Andrews", "Alvarado", "Ray", "Delgado",
    "Berry", "Perkins", "Hoffman", "Johnston", "Matthews", "Pena", "Richards", "Contreras", "Willis",
    "Carpenter", "Lawrence", "Sandoval", "Guerrero", "George", "Chapman", "Rios", "Estrada", "Ortega",
    "Watkins", "Greene", "Nunez", "Wheeler", "Valdez", "Harper", "Burke", "Larson", "Santiago", "Maldonado",
    "Morrison", "Franklin", "Carlson", "Austin", "Dominguez", "Carr", "Lawson", "Jacobs", "O'Brien",
    "O'Connor", "Smith-Jones", "De La Cruz", "Van Dyke", "McCarthy", "Okafor", "Adeyemi", "Shah", "Gupta",
    "Singh", "Wang", "Li", "Zhang", "Liu", "Tanaka", "Sato", "Kowalski", "Novak", "Ivanov", "Haddad",
    "Khan", "Rahman",
)
# fmt: on


@dataclass(frozen=True)
class Hospital:
    name: str
    short: str
    domain: str  # e-mail domain: staff addresses are first.last<n>@<domain>


HOSPITALS: tuple[Hospital, ...] = (
    Hospital("Mercy General Hospital", "Mercy General", "mercygeneral.org"),
    Hospital("St. Luke's Medical Center", "St. Luke's", "stlukesmc.org"),
    Hospital("Riverside Regional Hospital", "Riverside", "riversideregional.org"),
    Hospital("Lakeview Community Hospital", "Lakeview", "lakeviewhealth.org"),
    Hospital("Northside Medical Center", "Northside", "northsidemc.org"),
    Hospital("Summit Valley Hospital", "Summit Valley", "summitvalley.org"),
    Hospital("Harbor Point Hospital", "Harbor Point", "harborpoint.org"),
    Hospital("Cedar Hills Medical Center", "Cedar Hills", "cedarhillsmc.org"),
)

# Outside learners (community physicians, travelling nurses) register with their own e-mail.
# fmt: off
EXTERNAL_DOMAINS: tuple[str, ...] = (
    "gmail.com", "outlook.com", "yahoo.com", "communityclinic.org", "valleyfamilypractice.com",
    "metroanesthesia.com", "travelnurse.net",
)
# fmt: on


@dataclass(frozen=True)
class ServiceLine:
    name: str
    weight: float  # share of the roster in one hospital
    units: tuple[str, ...]  # unit codes (2-5), unique across service lines
    physician_specialties: tuple[str, ...]
    nursing_specialty: str


SERVICE_LINES: tuple[ServiceLine, ...] = (
    ServiceLine(
        "Cardiology",
        0.11,
        ("CARD-4W", "CARD-5E", "CCU-1", "CATH-1"),
        ("Cardiology", "Interventional Cardiology", "Electrophysiology"),
        "Cardiac Nursing",
    ),
    ServiceLine(
        "Oncology",
        0.11,
        ("ONC-6N", "ONC-6S", "BMT-1"),
        ("Medical Oncology", "Hematology/Oncology", "Radiation Oncology"),
        "Oncology Nursing",
    ),
    ServiceLine(
        "Emergency Medicine",
        0.13,
        ("ED-1", "ED-2", "ED-3", "ED-FT", "ED-PEDS"),
        ("Emergency Medicine", "Pediatric Emergency Medicine"),
        "Emergency Nursing",
    ),
    ServiceLine(
        "Hospital Medicine",
        0.16,
        ("MED-3N", "MED-3S", "MED-4N", "MED-4S", "OBS-1"),
        ("Hospital Medicine", "Internal Medicine", "Family Medicine"),
        "Medical-Surgical Nursing",
    ),
    ServiceLine(
        "Women's Health",
        0.11,
        ("LD-1", "MBU-2", "ANTE-1"),
        ("Obstetrics & Gynecology", "Maternal-Fetal Medicine"),
        "Obstetric Nursing",
    ),
    ServiceLine(
        "Surgery",
        0.15,
        ("SURG-7N", "SURG-7S", "ORTHO-8", "PACU-1"),
        ("General Surgery", "Orthopaedic Surgery", "Vascular Surgery", "Anesthesiology"),
        "Perioperative Nursing",
    ),
    ServiceLine(
        "Critical Care",
        0.11,
        ("ICU-1", "ICU-2", "CVICU-1", "NEURO-ICU"),
        ("Critical Care Medicine", "Pulmonary & Critical Care"),
        "Critical Care Nursing",
    ),
    ServiceLine(
        "Primary Care",
        0.12,
        ("PC-NORTH", "PC-SOUTH", "PC-EAST"),
        ("Family Medicine", "Internal Medicine", "Geriatric Medicine"),
        "Ambulatory Nursing",
    ),
)

# Added only when a caller asks for more (metric, service line) pairs than the core lines offer.
EXTRA_SERVICE_LINES: tuple[ServiceLine, ...] = (
    ServiceLine(
        "Neurology", 0.09, ("NEURO-5N", "NEURO-5S"), ("Neurology", "Vascular Neurology"), "Neuro Nursing"
    ),
    ServiceLine("Nephrology", 0.09, ("RENAL-2", "DIAL-1"), ("Nephrology",), "Nephrology Nursing"),
    ServiceLine("Pulmonology", 0.09, ("PULM-6W", "PULM-6E"), ("Pulmonology",), "Respiratory Nursing"),
    ServiceLine(
        "Gastroenterology", 0.09, ("GI-3W", "ENDO-1"), ("Gastroenterology", "Hepatology"), "GI Nursing"
    ),
    ServiceLine(
        "Orthopedics",
        0.09,
        ("ORTHO-9", "ORTHO-10"),
        ("Orthopaedic Surgery", "Sports Medicine"),
        "Orthopaedic Nursing",
    ),
    ServiceLine("Urology", 0.09, ("URO-2", "URO-3"), ("Urology",), "Urology Nursing"),
    ServiceLine("Infectious Disease", 0.09, ("ID-1", "ID-2"), ("Infectious Disease",), "Infection Nursing"),
    ServiceLine("Geriatrics", 0.09, ("GERI-1", "GERI-2"), ("Geriatric Medicine",), "Gerontological Nursing"),
    ServiceLine(
        "Behavioral Health",
        0.09,
        ("BH-1", "BH-2"),
        ("Psychiatry", "Addiction Medicine"),
        "Psychiatric Nursing",
    ),
    ServiceLine(
        "Transplant",
        0.09,
        ("TX-1", "TX-2"),
        ("Transplant Surgery", "Transplant Nephrology"),
        "Transplant Nursing",
    ),
    ServiceLine("Rheumatology", 0.09, ("RHEUM-1", "RHEUM-2"), ("Rheumatology",), "Ambulatory Nursing"),
    ServiceLine("Endocrinology", 0.09, ("ENDO-C1", "ENDO-C2"), ("Endocrinology",), "Ambulatory Nursing"),
)

OTHER_SPECIALTIES: tuple[str, ...] = ("Respiratory Therapy", "Social Work", "Physical Therapy", "Dietetics")
JOINT_PROVIDERS: tuple[str, ...] = (
    "State Hospital Association",
    "University School of Medicine",
    "Regional Perinatal Collaborative",
    "State Quality Improvement Network",
)
COMMITTEES: tuple[str, ...] = (
    "Sepsis Committee",
    "Pharmacy & Therapeutics",
    "Infection Prevention",
    "Patient Safety",
    "Quality Council",
)

FORMAT_LABELS: dict[str, str] = {
    "course": "Skills Workshop",
    "rss": "Case Conference Series",
    "enduring_material": "Self-Study Monograph",
    "internet_enduring_material": "Online Module",
    "internet_searching_learning": "Point-of-Care Learning",
}


@dataclass(frozen=True)
class GapOnlyNeed:
    """A need with a practice gap but no QI metric to measure it by (still educated on)."""

    topic: str
    source_type: str
    source_name: str
    service_line: str
    professions: tuple[str, ...]
    practice_gap: str
    commitments: tuple[str, str, str]


GAP_ONLY_NEEDS: tuple[GapOnlyNeed, ...] = (
    GapOnlyNeed(
        "Serious Illness Conversations in Oncology",
        "committee",
        "Patient Safety",
        "Oncology",
        ("MD", "DO", "NP", "PA"),
        "Goals-of-care conversations are documented late or not at all for inpatients with advanced "
        "cancer; clinicians report low confidence leading them.",
        (
            "I will hold a goals-of-care conversation within 48 hours of admission for patients with "
            "advanced cancer.",
            "I will use the serious illness conversation guide, and document it in the ACP note.",
            "I will involve palliative care earlier.",
        ),
    ),
    GapOnlyNeed(
        "I-PASS Handoffs",
        "service_line",
        "Hospital Medicine",
        "Hospital Medicine",
        ("MD", "DO", "NP", "PA", "RN"),
        "Shift handoffs omit illness severity and contingency plans; I-PASS elements are used "
        "inconsistently across teams.",
        (
            "I will state illness severity first in every handoff.",
            "I will include an action list and contingency plan for each unstable patient.",
            "I will ask the receiver to synthesize back, every time.",
        ),
    ),
)

GENERAL_COMMITMENTS: tuple[str, str, str] = (
    "I will share what I learned with my team at our next huddle.",
    "I will review the updated guideline and change my order sets accordingly.",
    "I will look up the evidence at the point of care more often, before ordering.",
)
