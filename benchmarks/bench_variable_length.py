"""Sequences of different lengths: autoencoder features against two baselines.

On BasicMotions (multivariate: 6 channels, equal lengths) and
PickupGestureWiimoteZ (univariate, 29 to 361 steps), all series, train and test
together, are clustered without labels by k-means, k the number of classes,
and the clusters scored against the classes (ARI and NMI) by three methods:

- "LSTM autoencoder + KMeans": an LSTMAutoencoderTransformer at its defaults
  (but for ``random_state``, and ``epochs`` if given) fitted on the series as
  they are, a list of arrays of different lengths or a 3-D array; its
  features, standardized, are clustered by k-means.
- "KMeans on raw (resampled) series": each series resampled by linear
  interpolation to a common length (the median length), z-normalized per
  channel, flattened and clustered by k-means.
- "TimeSeriesKMeans (DTW)": tslearn's k-means under dynamic time warping on
  the z-normalized series at their own lengths, padded with NaN by
  ``to_time_series_dataset`` as tslearn expects.

Each method runs once per seed, which seeds the autoencoder and every k-means.
The table gives mean ± standard deviation over seeds; "fit seconds" is the
time from the loaded series to the clusters (for the autoencoder: fit,
transform, scaling and k-means).

Run from the repository root::

    pip install -e ".[benchmark]"
    python benchmarks/bench_variable_length.py [--seeds 3] [--epochs 50]
        [--dtw-max-iter 10] [--output benchmarks/results/variable_length.json]
"""

import argparse
import json
import sys
import time
from pathlib import Path

from baselines import (
    describe,
    describe_machine,
    dtw_kmeans_agreement,
    load_all,
    median_length,
    raw_features,
)
from evaluation import kmeans_agreement, summary_cells
from sklearn.preprocessing import StandardScaler

from sklearn_lstmae import LSTMAutoencoderTransformer
from sklearn_lstmae._quiet import quiet_tensorflow

DATASETS = ("BasicMotions", "PickupGestureWiimoteZ")
METHODS = (
    "LSTM autoencoder + KMeans",
    "KMeans on raw (resampled) series",
    "TimeSeriesKMeans (DTW)",
)
_COLUMNS = ("ari", "nmi", "fit_seconds")


def run_one(method, X, y, seed, *, epochs, dtw_max_iter):
    """Cluster all series with one method and seed; return its raw result."""
    start = time.perf_counter()
    if method == METHODS[0]:
        parameters = {"random_state": seed}
        if epochs is not None:
            parameters["epochs"] = epochs
        Z = LSTMAutoencoderTransformer(**parameters).fit_transform(X)
        scores = kmeans_agreement(
            StandardScaler().fit_transform(Z), y, random_state=seed
        )
    elif method == METHODS[1]:
        Z = raw_features(X, median_length(X))
        scores = kmeans_agreement(Z, y, random_state=seed)
    else:
        scores = dtw_kmeans_agreement(X, y, max_iter=dtw_max_iter, random_state=seed)
    return {
        "method": method,
        "seed": seed,
        **scores,
        "fit_seconds": time.perf_counter() - start,
    }


def summarize(results, datasets):
    """Print a table of mean ± std over seeds."""
    print("| dataset | method | ARI | NMI | fit seconds |")
    print("|---|---|---|---|---|")
    for name in datasets:
        for method in METHODS:
            rows = [
                result
                for result in results
                if result["dataset"] == name and result["method"] == method
            ]
            print(f"| {name} | {method} | {summary_cells(rows, _COLUMNS)} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="seeds 0 to N - 1")
    parser.add_argument(
        "--epochs", type=int, default=None, help="default: the transformer's"
    )
    parser.add_argument(
        "--dtw-max-iter",
        type=int,
        default=10,
        help="max_iter of TimeSeriesKMeans (DTW)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("benchmarks/results/variable_length.json"),
    )
    args = parser.parse_args()

    results = []
    facts = []
    with quiet_tensorflow():
        for name in DATASETS:
            X, y, n_truncated = load_all(name)
            facts.append(describe(name, X, y, n_truncated))
            for seed in range(args.seeds):
                for method in METHODS:
                    result = {"dataset": name}
                    result.update(
                        run_one(
                            method,
                            X,
                            y,
                            seed,
                            epochs=args.epochs,
                            dtw_max_iter=args.dtw_max_iter,
                        )
                    )
                    results.append(result)
                    print(
                        f"{name} | {method} | seed={seed}: "
                        + ", ".join(f"{key}={result[key]:.3f}" for key in _COLUMNS),
                        file=sys.stderr,
                        flush=True,
                    )

    machine = describe_machine()
    epochs = args.epochs or LSTMAutoencoderTransformer().epochs
    print(f"Machine: {machine}")
    print(
        f"Autoencoder epochs: {epochs}; TimeSeriesKMeans max_iter: "
        f"{args.dtw_max_iter}; seeds: 0 to {args.seeds - 1}; mean ± std over seeds"
    )
    for line in facts:
        print(line)
    summarize(results, DATASETS)

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(
            {
                "machine": machine,
                "epochs": epochs,
                "dtw_max_iter": args.dtw_max_iter,
                "datasets": facts,
                "results": results,
            },
            indent=1,
        )
        + "\n"
    )
    print(f"Raw results: {args.output}")


if __name__ == "__main__":
    main()
