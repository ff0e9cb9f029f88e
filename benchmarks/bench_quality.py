"""Feature quality at the defaults: the autoencoder against raw-series baselines.

On five real data sets (ItalyPowerDemand, ArrowHead, GunPoint, BasicMotions
with 6 channels, PickupGestureWiimoteZ with 29 to 361 steps), each with the
archive's train/test split, four methods are scored:

- "LSTM autoencoder": an LSTMAutoencoderTransformer at its defaults (but for
  ``random_state``, and whatever ``--params`` overrides) fitted on the train
  series only, as a feature extractor would be fitted before new data come.
  ``common.fit_and_score`` scores its features of the train and test
  series as the README's pipeline uses them: ARI and NMI of k-means clusters
  (k = number of classes) of all series against the classes, and the test
  accuracy of a logistic regression trained on the train features, both
  directly on the features. (Results up to 2026-12-01 standardized the
  features first: ``common.PROTOCOLS``.)
- the raw-series baselines of ``baselines.py``: "KMeans on raw series" and
  "TimeSeriesKMeans (DTW)" (ARI and NMI of all series, resampled and
  z-normalized, or under dynamic time warping), and "1-NN Euclidean on raw
  series" (accuracy; deterministic, so it runs once).

Each seed seeds the autoencoder and every k-means. Cells give mean ± standard
deviation over seeds. "fit seconds" is the autoencoder's ``fit`` alone; for a
baseline, the time from the loaded series to its clusters or predictions.
The average over data sets, computed seed by seed, decides the targets: the
autoencoder's ARI above that of k-means on the raw series and at least that of
DTW k-means, and its accuracy at least that of 1-NN.

Run from the repository root::

    pip install -e ".[benchmark]"
    python benchmarks/bench_quality.py [--seeds 3] [--params '{"epochs": 20}']
        [--dtw-max-iter 10] [--datasets ItalyPowerDemand ...]
        [--output benchmarks/results/quality.json] [--skip-baselines]

``--skip-baselines`` fits and scores the autoencoder alone, for comparing
candidate defaults: the baselines do not depend on it, so their rows (for the
data sets run, all their recorded seeds) are read from
``benchmarks/results/quality.json``, as a full run last wrote them, instead of
recomputed (DTW k-means takes minutes), and the targets are checked against
them.

The printed report is also written next to ``--output``, with suffix ``.txt``;
both record paths relative to the repository, or file names only.
"""

import argparse
import json
from pathlib import Path

import numpy as np
from baselines import (
    BASELINES,
    DTW_KMEANS,
    KMEANS_ON_RAW,
    NEAREST_NEIGHBOR,
    QUALITY_RESULTS,
    recorded_or_computed,
    run_dtw_kmeans,
    run_kmeans_on_raw,
    run_nearest_neighbor,
)
from common import (
    AUTOENCODER,
    BenchmarkRun,
    add_seeds_and_params,
    autoencoder_line,
    average_over_datasets,
    average_table,
    dataset_table,
    display_path,
    fit_and_score,
    transformer_parameters,
)
from real_datasets import DATASETS, load_split

from sklearn_lstmae._quiet import quiet_tensorflow

METHODS = (AUTOENCODER, *BASELINES)


def run_dataset(name, n_seeds, params, dtw_max_iter, record, *, baselines=True):
    """Run every method and seed on one data set, passing each row to ``record``.

    With ``baselines=False``, the autoencoder alone. Returns the line of facts
    about the data set.
    """
    split = load_split(name)

    def score(method, seed, scores):
        record({"dataset": name, "method": method, "seed": seed, **scores})

    if baselines:
        score(NEAREST_NEIGHBOR, None, run_nearest_neighbor(split))
    for seed in range(n_seeds):
        score(AUTOENCODER, seed, fit_and_score(split, params, seed=seed))
        if baselines:
            score(KMEANS_ON_RAW, seed, run_kmeans_on_raw(split, seed=seed))
            score(
                DTW_KMEANS,
                seed,
                run_dtw_kmeans(split, seed=seed, max_iter=dtw_max_iter),
            )
    return split.describe()


def check_targets(averaged):
    """The issue's targets on the averages over data sets, met or not."""

    def mean(method, key):
        return float(np.mean([row[key] for row in averaged[method]]))

    autoencoder_ari = mean(AUTOENCODER, "ari")
    autoencoder_accuracy = mean(AUTOENCODER, "accuracy")
    targets = [
        ("ARI", autoencoder_ari, ">", KMEANS_ON_RAW, mean(KMEANS_ON_RAW, "ari")),
        ("ARI", autoencoder_ari, ">=", DTW_KMEANS, mean(DTW_KMEANS, "ari")),
        (
            "accuracy",
            autoencoder_accuracy,
            ">=",
            NEAREST_NEIGHBOR,
            mean(NEAREST_NEIGHBOR, "accuracy"),
        ),
    ]
    return [
        {
            "metric": metric,
            "autoencoder": ours,
            "relation": relation,
            "baseline": baseline,
            "baseline_value": theirs,
            # A NaN (diverged training) compares False: not met.
            "met": bool(ours > theirs if relation == ">" else ours >= theirs),
        }
        for metric, ours, relation, baseline, theirs in targets
    ]


def target_lines(targets):
    """Lines that say which targets are met."""
    return [
        "Targets, on the averages over data sets:",
        *(
            f"- {target['metric']}: autoencoder {target['autoencoder']:.3f} "
            f"{target['relation']} {target['baseline']} "
            f"{target['baseline_value']:.3f}: "
            + ("met" if target["met"] else "NOT met")
            for target in targets
        ),
    ]


def parse_args():
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_seeds_and_params(parser, seeds=3)
    parser.add_argument(
        "--dtw-max-iter",
        type=int,
        default=10,
        help="max_iter of TimeSeriesKMeans (DTW)",
    )
    parser.add_argument("--datasets", nargs="+", choices=DATASETS, default=DATASETS)
    parser.add_argument("--output", type=Path, default=QUALITY_RESULTS)
    parser.add_argument(
        "--skip-baselines",
        action="store_true",
        help="fit the autoencoder only; read the baselines from "
        f"{display_path(QUALITY_RESULTS)}",
    )
    return parser.parse_args()


def computed_baselines_line(args):
    """The report's line on the baselines as this run computes them."""
    return (
        f"TimeSeriesKMeans (DTW): n_init 2, max_iter {args.dtw_max_iter}; "
        f"seeds: 0 to {args.seeds - 1}; mean ± std over seeds "
        "(1-NN: one deterministic run)"
    )


def report_results(run, args, parameters, baselines_line):
    """Average the rows, check the targets; print and save the report."""
    averaged = average_over_datasets(run.rows, METHODS)
    targets = check_targets(averaged)
    run.finish(
        [
            autoencoder_line(
                parameters, f"--params {json.dumps(args.params)}; parameters"
            ),
            baselines_line,
        ],
        [
            *dataset_table(run.rows, args.datasets, METHODS),
            "",
            *average_table(averaged),
            "",
            *target_lines(targets),
        ],
        averages=averaged,
        targets=targets,
    )


def main():
    args = parse_args()
    baselines = recorded_or_computed(
        args.skip_baselines,
        QUALITY_RESULTS,
        args.datasets,
        BASELINES,
        computed_baselines_line(args),
    )
    parameters = transformer_parameters(args.params)
    run = BenchmarkRun(
        args.output,
        {
            "params": args.params,
            "parameters": parameters,
            "dtw_max_iter": args.dtw_max_iter,
            "skip_baselines": args.skip_baselines,
            "seeds": args.seeds,
        },
    )
    with quiet_tensorflow():
        for name in args.datasets:
            run.facts.append(
                run_dataset(
                    name,
                    args.seeds,
                    args.params,
                    args.dtw_max_iter,
                    run.record,
                    baselines=not args.skip_baselines,
                )
            )
    run.rows.extend(baselines.rows)
    report_results(run, args, parameters, baselines.description)


if __name__ == "__main__":
    main()
