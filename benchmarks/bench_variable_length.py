"""Sequences of different lengths: autoencoder features against two baselines.

On BasicMotions (multivariate: 6 channels, equal lengths) and
PickupGestureWiimoteZ (univariate, 29 to 361 steps), all series, train and test
together, are clustered without labels by k-means, k the number of classes,
and the clusters scored against the classes (ARI and NMI) by three methods:

- "LSTM autoencoder": an LSTMAutoencoderTransformer at its defaults (but for
  ``random_state``, and ``epochs`` if given) fitted on all series as they
  are, a list of arrays of different lengths or a 3-D array, and scored by
  ``common.fit_and_score``: k-means directly on its features of all series,
  as the README's pipeline clusters them, and the test accuracy of a
  logistic regression trained on the train series' features. (Its results
  of 2026-11-30 standardized the features first.)
- "KMeans on raw series" (``baselines.py``): each series resampled by linear
  interpolation to a common length (the median length), z-normalized per
  channel, flattened and clustered by k-means.
- "TimeSeriesKMeans (DTW)" (``baselines.py``): tslearn's k-means under
  dynamic time warping on the z-normalized series at their own lengths.

Each method runs once per seed, which seeds the autoencoder and every k-means.
The table gives mean ± standard deviation over seeds; "fit seconds" is the
autoencoder's ``fit`` alone, and for a baseline the time from the loaded series
to the clusters.

Run from the repository root::

    pip install -e ".[benchmark]"
    python benchmarks/bench_variable_length.py [--seeds 3] [--epochs 50]
        [--dtw-max-iter 10] [--output benchmarks/results/variable_length.json]

The printed report is also written next to ``--output``, with suffix ``.txt``.
"""

import argparse
from pathlib import Path

from baselines import DTW_KMEANS, KMEANS_ON_RAW, run_dtw_kmeans, run_kmeans_on_raw
from common import (
    AUTOENCODER,
    RESULTS_DIR,
    BenchmarkRun,
    dataset_table,
    fit_and_score,
    transformer_parameters,
)
from real_datasets import load_split

from sklearn_lstmae._quiet import quiet_tensorflow

DATASETS = ("BasicMotions", "PickupGestureWiimoteZ")
METHODS = (AUTOENCODER, KMEANS_ON_RAW, DTW_KMEANS)


def run_one(method, split, seed, *, params, dtw_max_iter):
    """Cluster all series of ``split`` with one method and seed; score it."""
    if method == AUTOENCODER:
        return fit_and_score(split, params, seed=seed, fit_on="all")
    if method == KMEANS_ON_RAW:
        return run_kmeans_on_raw(split, seed=seed)
    return run_dtw_kmeans(split, seed=seed, max_iter=dtw_max_iter)


def run_methods(name, n_seeds, params, dtw_max_iter, record):
    """Run every method and seed on one data set.

    Each row goes to ``record`` as soon as it is scored. Returns the line of
    facts about the data set.
    """
    split = load_split(name)
    for seed in range(n_seeds):
        for method in METHODS:
            scores = run_one(
                method, split, seed, params=params, dtw_max_iter=dtw_max_iter
            )
            record({"dataset": name, "method": method, "seed": seed, **scores})
    return split.describe()


def parse_args():
    """The command line."""
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
        "--output", type=Path, default=RESULTS_DIR / "variable_length.json"
    )
    return parser.parse_args()


def main():
    args = parse_args()
    params = {} if args.epochs is None else {"epochs": args.epochs}
    epochs = transformer_parameters(params)["epochs"]
    run = BenchmarkRun(
        args.output, {"epochs": epochs, "dtw_max_iter": args.dtw_max_iter}
    )
    with quiet_tensorflow():
        for name in DATASETS:
            run.facts.append(
                run_methods(name, args.seeds, params, args.dtw_max_iter, run.record)
            )
    run.finish(
        [
            f"Autoencoder epochs: {epochs}; TimeSeriesKMeans max_iter: "
            f"{args.dtw_max_iter}; seeds: 0 to {args.seeds - 1}; "
            "mean ± std over seeds"
        ],
        dataset_table(run.rows, DATASETS, METHODS),
    )


if __name__ == "__main__":
    main()
