"""Seeded synthetic health system: writes a full CME/QI inbox plus the truth planted in it."""

from cme_pipeline.synthetic.core import SCALES, Scale
from cme_pipeline.synthetic.world import generate_world

__all__ = ["SCALES", "Scale", "generate_world"]
