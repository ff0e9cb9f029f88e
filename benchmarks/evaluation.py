"""Scoring features and reporting scores, for the benchmarks.

The scores come from the package's own ``sklearn_lstmae._evaluation``, which
the demo uses too, so that both report the same numbers.
"""

import numpy as np

from sklearn_lstmae._evaluation import (
    cluster_agreement,
    evaluate_features,
    kmeans_agreement,
)

__all__ = [
    "cluster_agreement",
    "evaluate_features",
    "kmeans_agreement",
    "summary_cells",
]


def summary_cells(rows, columns):
    """Markdown cells "mean ± std" over rows (seeds) for each of ``columns``.

    Seconds get one decimal, scores three; the standard deviation is the
    sample one, zero for a single row.

    Examples
    --------
    >>> summary_cells([{"ari": 0.5}, {"ari": 0.7}], ["ari"])
    '0.600 ± 0.141'
    """
    cells = []
    for key in columns:
        values = [row[key] for row in rows]
        std = np.std(values, ddof=1) if len(values) > 1 else 0.0
        digits = 1 if key.endswith("seconds") else 3
        cells.append(f"{np.mean(values):.{digits}f} ± {std:.{digits}f}")
    return " | ".join(cells)
