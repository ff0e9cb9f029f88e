"""Convert aeon's bundled BasicMotions into the compact file we ship.

Run once at development time, in an environment with aeon installed::

    pip install aeon
    python tools/convert_basic_motions.py

The package itself never needs aeon: it reads the ``.npz`` written here.
"""

from pathlib import Path

import numpy as np
from aeon.datasets import load_basic_motions

TARGET = (
    Path(__file__).parents[1] / "sklearn_lstmae" / "datasets" / "data" / "basic_motions.npz"
)
CLASSES = ("standing", "walking", "running", "badminton")


def main():
    arrays = {}
    for split in ("train", "test"):
        X, y = load_basic_motions(split=split)
        # aeon holds (n_cases, n_channels, n_timepoints); we ship steps first.
        series = np.transpose(X, (0, 2, 1))
        arrays[f"X_{split}"] = series.astype(np.float32)
        arrays[f"y_{split}"] = np.array([CLASSES.index(label) for label in y], np.int8)
        # The .ts text holds 6 decimals; float32 keeps them to 1e-5 at the
        # largest magnitudes (gyroscope values up to about 30).
        np.testing.assert_allclose(arrays[f"X_{split}"], series, rtol=1e-6, atol=1e-5)
    np.savez_compressed(TARGET, **arrays)
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
