"""The learners as the CME system knows them: the roster's people seen through registration forms.

A stable user id, but NPIs left blank or mistyped and e-mails typed in another case, plus outside
learners who are on no roster at all. The planted counts of that mess let tests check that identity
resolution finds what it should and no more.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cme_pipeline.contract import PROFESSIONS
from cme_pipeline.synthetic.names import EXTERNAL_DOMAINS
from cme_pipeline.synthetic.roster import PROFESSION_MIX, Roster, draw_names, draw_npis, make_emails

# Share of identity problems per learner (consistent across all of a learner's rows).
NPI_MISSING_SHARE = 0.09
NPI_TYPO_SHARE = 0.03
EMAIL_CASE_SHARE = 0.25


@dataclass
class Learners:
    """The CME system's learner records: roster clinicians first (same index), then outsiders."""

    learner_id: np.ndarray  # object, U + 6 digits
    npi: np.ndarray  # object: as typed (None = blank)
    email: np.ndarray  # object: as typed
    first: np.ndarray
    last: np.ndarray
    profession: np.ndarray  # int
    on_roster: np.ndarray  # bool
    npi_missing: np.ndarray  # bool
    npi_typo: np.ndarray  # bool
    email_changed: np.ndarray  # bool

    @property
    def n(self) -> int:
        return len(self.learner_id)


def mistype(npi: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Change one digit of each NPI. The Luhn check catches every single-digit substitution."""
    position = rng.integers(0, 10, size=len(npi))
    place = 10 ** (9 - position)
    old = (npi // place) % 10
    new = (old + rng.integers(1, 10, size=len(npi))) % 10
    return npi + (new - old) * place


def build_learners(roster: Roster, n_external: int, rng: np.random.Generator) -> Learners:
    """Learner records for every roster clinician plus `n_external` people on no roster."""
    ext_first, ext_last = draw_names(n_external, rng)
    ext_npi = draw_npis(n_external, rng, exclude=roster.npi)
    ext_domain = np.array(EXTERNAL_DOMAINS, dtype=object)[
        rng.integers(len(EXTERNAL_DOMAINS), size=n_external)
    ]
    ext_prof = rng.choice(len(PROFESSIONS), size=n_external, p=PROFESSION_MIX)

    first = np.concatenate([roster.first, ext_first])
    last = np.concatenate([roster.last, ext_last])
    npi = np.concatenate([roster.npi, ext_npi])
    email = np.concatenate([roster.email, make_emails(ext_first, ext_last, ext_domain)])
    n = len(npi)

    u = rng.random(n)
    missing = u < NPI_MISSING_SHARE
    typo = (u >= NPI_MISSING_SHARE) & (u < NPI_MISSING_SHARE + NPI_TYPO_SHARE)
    typed = np.where(typo, mistype(npi, rng), npi)
    npi_text = np.char.zfill(typed.astype(str), 10).astype(object)
    npi_text[missing] = None

    changed = rng.random(n) < EMAIL_CASE_SHARE
    upper = rng.random(n) < 0.5
    email_series = pd.Series(email, dtype=object)
    typed_email = np.where(
        changed,
        np.where(
            upper,
            email_series.str.upper().to_numpy(dtype=object),
            email_series.str.title().to_numpy(dtype=object),
        ),
        email,
    ).astype(object)

    ids = rng.choice(900_000, size=n, replace=False) + 100_000
    return Learners(
        learner_id=np.char.add("U", ids.astype(str)).astype(object),
        npi=npi_text,
        email=typed_email,
        first=first,
        last=last,
        profession=np.concatenate([roster.profession, ext_prof]),
        on_roster=np.arange(n) < roster.n,
        npi_missing=missing,
        npi_typo=typo,
        email_changed=changed,
    )
