"""Sequence datasets: two small real ones shipped with the package, and synthetic ones.

This subpackage needs NumPy and scikit-learn only; it never starts TensorFlow.
"""

from ._basic_motions import load_basic_motions
from ._italy_power_demand import load_italy_power_demand
from ._synthetic import make_sequences

__all__ = ["load_basic_motions", "load_italy_power_demand", "make_sequences"]
