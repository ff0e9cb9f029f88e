"""Which ``scaling`` should be the default? Feature quality on real data sets.

For each data set, scaling and seed, an LSTMAutoencoderTransformer at its
defaults (but for ``scaling`` and ``random_state``) is fitted on the train and
test series together, without labels, as an unsupervised feature learner is
used. Its features of the train and test series are then scored by
``evaluation.evaluate_features``: ARI and NMI of k-means clusters against the
classes, and the test accuracy of a logistic regression trained on the train
features. The table gives mean ± standard deviation over seeds, and the
average over data sets for each scaling; the default should be chosen on
that average, not on any one data set.

Run from the repository root::

    pip install -e ".[benchmark]"
    python benchmarks/bench_scaling.py [--seeds 2] [--epochs 50]
        [--datasets ItalyPowerDemand ...] [--output benchmarks/results/scaling.json]
"""

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
from evaluation import evaluate_features, summary_cells
from real_datasets import DATASETS, load

from sklearn_lstmae import LSTMAutoencoderTransformer, TrainingDivergedError
from sklearn_lstmae._quiet import quiet_tensorflow

# The UCR archive z-normalizes each univariate series (ItalyPowerDemand,
# ArrowHead, GunPoint) already, so "per_series" and "standard" differ little
# on them; BasicMotions is raw accelerometer and gyroscope data, whose level
# and amplitude the scalings treat differently.
SCALINGS = ("standard", "minmax", "per_series", None)
METRICS = ("ari", "nmi", "accuracy")
_COLUMNS = (*METRICS, "fit_seconds")


def run_one(data, scaling, seed, epochs):
    """Fit, transform and score one configuration; return its raw result."""
    X_train, y_train, X_test, y_test = data
    parameters = {"scaling": scaling, "random_state": seed}
    if epochs is not None:
        parameters["epochs"] = epochs
    transformer = LSTMAutoencoderTransformer(**parameters)
    start = time.perf_counter()
    try:
        transformer.fit(np.concatenate([X_train, X_test]))
        fit_seconds = time.perf_counter() - start
    except TrainingDivergedError:
        # A scaling that makes training diverge is a result, not a crash.
        fit_seconds = time.perf_counter() - start
        scores = dict.fromkeys(METRICS, float("nan"))
    else:
        scores = evaluate_features(
            transformer.transform(X_train),
            y_train,
            transformer.transform(X_test),
            y_test,
            random_state=seed,
        )
    return {
        "scaling": scaling,
        "seed": seed,
        "epochs": transformer.epochs,
        **scores,
        "fit_seconds": fit_seconds,
    }


def summarize(results, datasets):
    """Print per-data-set and averaged tables of mean ± std over seeds."""
    print("| dataset | scaling | ARI | NMI | accuracy | fit seconds |")
    print("|---|---|---|---|---|---|")
    for name in datasets:
        for scaling in SCALINGS:
            rows = _select(results, dataset=name, scaling=scaling)
            print(f"| {name} | {scaling} | {summary_cells(rows, _COLUMNS)} |")

    # The average over data sets, seed by seed, so that the std is that of
    # the average itself across seeds.
    print()
    print("Average over data sets:")
    print("| scaling | ARI | NMI | accuracy | fit seconds |")
    print("|---|---|---|---|---|")
    seeds = sorted({result["seed"] for result in results})
    for scaling in SCALINGS:
        averaged = []
        for seed in seeds:
            rows = _select(results, scaling=scaling, seed=seed)
            averaged.append(
                {key: np.mean([row[key] for row in rows]) for key in _COLUMNS}
            )
        print(f"| {scaling} | {summary_cells(averaged, _COLUMNS)} |")


def _select(results, **conditions):
    return [
        result
        for result in results
        if all(result[key] == value for key, value in conditions.items())
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=2, help="seeds 0 to N - 1")
    parser.add_argument(
        "--epochs", type=int, default=None, help="default: the transformer's"
    )
    parser.add_argument("--datasets", nargs="+", choices=DATASETS, default=DATASETS)
    parser.add_argument(
        "--output", type=Path, default=Path("benchmarks/results/scaling.json")
    )
    args = parser.parse_args()

    results = []
    with quiet_tensorflow():
        import keras

        for name in args.datasets:
            data = load(name)
            for scaling in SCALINGS:
                for seed in range(args.seeds):
                    result = {"dataset": name}
                    result.update(run_one(data, scaling, seed, args.epochs))
                    results.append(result)
                    print(
                        f"{name} scaling={scaling} seed={seed}: "
                        + ", ".join(f"{key}={result[key]:.3f}" for key in _COLUMNS),
                        file=sys.stderr,
                        flush=True,
                    )

    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, Keras {keras.__version__} "
        f"({keras.backend.backend()} backend)"
    )
    print(f"Machine: {machine}")
    print(
        f"Epochs: {results[0]['epochs']}, seeds: 0 to {args.seeds - 1}; "
        "mean ± std over seeds"
    )
    summarize(results, args.datasets)

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps({"machine": machine, "results": results}, indent=1) + "\n"
    )
    print(f"Raw results: {args.output}")


if __name__ == "__main__":
    main()
