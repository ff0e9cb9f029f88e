"""Sequence datasets: a small real one shipped with the package, and synthetic ones.

This subpackage needs NumPy and scikit-learn only; it never starts TensorFlow.
"""

from ._italy_power_demand import load_italy_power_demand
from ._synthetic import make_sequences

__all__ = ["load_italy_power_demand", "make_sequences"]
