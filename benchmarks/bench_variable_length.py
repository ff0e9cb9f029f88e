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
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
from evaluation import cluster_agreement, kmeans_agreement, summary_cells
from real_datasets import load
from sklearn.preprocessing import StandardScaler
from tslearn.clustering import TimeSeriesKMeans
from tslearn.utils import to_time_series_dataset

from sklearn_lstmae import LSTMAutoencoderTransformer
from sklearn_lstmae._quiet import quiet_tensorflow

DATASETS = ("BasicMotions", "PickupGestureWiimoteZ")
METHODS = (
    "LSTM autoencoder + KMeans",
    "KMeans on raw (resampled) series",
    "TimeSeriesKMeans (DTW)",
)
_COLUMNS = ("ari", "nmi", "fit_seconds")


def load_all(name):
    """All series of a data set, train then test, and their labels.

    Returns the series as the archive has them (a 3-D array if their lengths
    are equal, else a list of arrays), the labels, and the number of series cut
    short at a NaN inside them: the estimator would read a NaN as the start of
    trailing padding, so each series is truncated at its first NaN here.
    """
    X_train, y_train, X_test, y_test = load(name)
    y = np.concatenate([y_train, y_test])
    if not isinstance(X_train, list):
        X = np.concatenate([X_train, X_test])
        if np.isnan(X).any():
            raise ValueError(f"{name} has missing values; expected none.")
        return X, y, 0
    X = []
    n_truncated = 0
    for series in [*X_train, *X_test]:
        missing = np.isnan(series).any(axis=tuple(range(1, series.ndim)))
        if missing.any():
            series = series[: np.argmax(missing)]
            n_truncated += 1
        X.append(series)
    return X, y, n_truncated


def describe(name, X, y, n_truncated):
    """One line of facts about a data set."""
    lengths = [len(series) for series in X]
    n_channels = 1 if X[0].ndim == 1 else X[0].shape[1]
    return (
        f"{name}: {len(X)} series, {n_channels} channel(s), "
        f"{min(lengths)} to {max(lengths)} steps (median {np.median(lengths):g}), "
        f"{len(np.unique(y))} classes, {n_truncated} truncated at a NaN"
    )


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
        length = int(np.median([len(series) for series in X]))
        Z = np.stack([_znormalize(_resample(series, length)).ravel() for series in X])
        scores = kmeans_agreement(Z, y, random_state=seed)
    else:
        clusters = TimeSeriesKMeans(
            n_clusters=len(np.unique(y)),
            metric="dtw",
            max_iter=dtw_max_iter,
            n_init=2,
            random_state=seed,
        ).fit_predict(to_time_series_dataset([_znormalize(s) for s in X]))
        scores = cluster_agreement(y, clusters)
    return {
        "method": method,
        "seed": seed,
        **scores,
        "fit_seconds": time.perf_counter() - start,
    }


def _znormalize(series):
    """Zero mean and unit variance over time, channel by channel."""
    std = series.std(axis=0)
    return (series - series.mean(axis=0)) / np.where(std > 0, std, 1.0)


def _resample(series, length):
    """Linear interpolation of ``(T,)`` or ``(T, n_channels)`` onto ``length``."""
    if len(series) == length:
        return series
    old = np.linspace(0.0, 1.0, len(series))
    new = np.linspace(0.0, 1.0, length)
    if series.ndim == 1:
        return np.interp(new, old, series)
    return np.stack([np.interp(new, old, channel) for channel in series.T], axis=1)


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


def _machine(keras):
    import aeon
    import sklearn
    import tslearn

    cpu = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = models[0] if models else cpu
    return (
        f"{cpu or platform.machine()}, {os.cpu_count()} cores; "
        f"Python {platform.python_version()}, Keras {keras.__version__} "
        f"({keras.backend.backend()} backend), scikit-learn {sklearn.__version__}, "
        f"aeon {aeon.__version__}, tslearn {tslearn.__version__}"
    )


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
        import keras

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

    machine = _machine(keras)
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
