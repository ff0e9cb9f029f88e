"""Convert aeon's bundled ItalyPowerDemand into the compact file we ship.

Run once at development time, in an environment with aeon installed::

    pip install aeon
    python tools/convert_italy_power_demand.py

The package itself never needs aeon: it reads the ``.npz`` written here.
"""

from pathlib import Path

import numpy as np
from aeon.datasets import load_italy_power_demand

TARGET = (
    Path(__file__).parents[1]
    / "sklearn_lstmae"
    / "datasets"
    / "data"
    / "italy_power_demand.npz"
)


def main():
    arrays = {}
    for split in ("train", "test"):
        X, y = load_italy_power_demand(split=split)
        # aeon stores (n_cases, n_channels, n_timepoints); the series are univariate.
        series = X[:, 0, :]
        # The .ts text holds 8 significant digits; float32 keeps them to 1e-6.
        arrays[f"X_{split}"] = series.astype(np.float32)
        arrays[f"y_{split}"] = y.astype(np.int8)
        np.testing.assert_allclose(arrays[f"X_{split}"], series, atol=1e-6)
    np.savez_compressed(TARGET, **arrays)
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
