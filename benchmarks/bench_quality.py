"""Feature quality at the defaults: the autoencoder against raw-series baselines.

On five real data sets (ItalyPowerDemand, ArrowHead, GunPoint, BasicMotions
with 6 channels, PickupGestureWiimoteZ with 29 to 361 steps), each with the
archive's train/test split, four methods are scored:

- "LSTM autoencoder": an LSTMAutoencoderTransformer at its defaults (but for
  ``random_state``, and whatever ``--params`` overrides) fitted on the train
  series only, as a feature extractor would be fitted before new data come.
  ``evaluation.evaluate_features`` scores its features of the train and test
  series: ARI and NMI of k-means clusters (k = number of classes) of all
  series against the classes, and the test accuracy of a logistic regression
  trained on the train features.
- "KMeans on raw series": k-means, k = number of classes, on all series
  resampled to the median length (if their lengths differ), z-normalized
  channel by channel and flattened: ARI and NMI.
- "TimeSeriesKMeans (DTW)": tslearn's k-means under dynamic time warping on
  all z-normalized series at their own lengths: ARI and NMI.
- "1-NN Euclidean on raw series": the nearest train series in Euclidean
  distance, on the same vectors as "KMeans on raw series", labels each test
  series: accuracy. Deterministic, so it runs once.

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

The printed report is also written next to ``--output``, with suffix ``.txt``.
"""

import argparse
import json
import shlex
import sys
import time
from pathlib import Path

import numpy as np
from baselines import (
    describe,
    describe_machine,
    dtw_kmeans_agreement,
    load_split,
    median_length,
    nearest_neighbor_accuracy,
    raw_features,
)
from evaluation import evaluate_features, kmeans_agreement, summary_cells

from sklearn_lstmae import LSTMAutoencoderTransformer, TrainingDivergedError
from sklearn_lstmae._quiet import quiet_tensorflow

DATASETS = (
    "ItalyPowerDemand",
    "ArrowHead",
    "GunPoint",
    "BasicMotions",
    "PickupGestureWiimoteZ",
)
AUTOENCODER = "LSTM autoencoder"
KMEANS_ON_RAW = "KMeans on raw series"
DTW_KMEANS = "TimeSeriesKMeans (DTW)"
NEAREST_NEIGHBOR = "1-NN Euclidean on raw series"
METHODS = (AUTOENCODER, KMEANS_ON_RAW, DTW_KMEANS, NEAREST_NEIGHBOR)
BASELINES = METHODS[1:]
# Where --skip-baselines reads the baselines: a full run's default --output.
REFERENCE = Path("benchmarks/results/quality.json")
METRICS = ("ari", "nmi", "accuracy")
_COLUMNS = (*METRICS, "fit_seconds")


def run_autoencoder(split, seed, overrides):
    """Fit on the train series, score the features of train and test."""
    X_train, y_train, X_test, y_test = split
    transformer = LSTMAutoencoderTransformer(**{**overrides, "random_state": seed})
    start = time.perf_counter()
    try:
        transformer.fit(X_train)
    except TrainingDivergedError:
        # Candidate defaults that make training diverge are a result, not a
        # reason to lose the rest of the run.
        return {
            **dict.fromkeys(METRICS, float("nan")),
            "fit_seconds": time.perf_counter() - start,
        }
    fit_seconds = time.perf_counter() - start
    scores = evaluate_features(
        transformer.transform(X_train),
        y_train,
        transformer.transform(X_test),
        y_test,
        random_state=seed,
    )
    return {**scores, "fit_seconds": fit_seconds}


def run_kmeans_on_raw(X_all, y_all, seed):
    """k-means on the resampled, z-normalized, flattened series."""
    start = time.perf_counter()
    features = raw_features(X_all, median_length(X_all))
    scores = kmeans_agreement(features, y_all, random_state=seed)
    return {**scores, "fit_seconds": time.perf_counter() - start}


def run_dtw_kmeans(X_all, y_all, seed, max_iter):
    """k-means under DTW on the z-normalized series at their own lengths."""
    start = time.perf_counter()
    scores = dtw_kmeans_agreement(X_all, y_all, max_iter=max_iter, random_state=seed)
    return {**scores, "fit_seconds": time.perf_counter() - start}


def run_nearest_neighbor(split, X_all):
    """1-NN in Euclidean distance on the same vectors as k-means on raw."""
    _, y_train, _, y_test = split
    start = time.perf_counter()
    # One length for both splits, the median over all series as for k-means;
    # lengths are not labels, so the test series may set it.
    features = raw_features(X_all, median_length(X_all))
    n_train = len(y_train)
    accuracy = nearest_neighbor_accuracy(
        features[:n_train], y_train, features[n_train:], y_test
    )
    return {"accuracy": accuracy, "fit_seconds": time.perf_counter() - start}


def run_dataset(name, results, n_seeds, overrides, dtw_max_iter, baselines=True):
    """Run every method and seed on one data set, appending to ``results``.

    With ``baselines=False``, the autoencoder alone. Returns the line of facts
    about the data set.
    """
    *split, n_truncated = load_split(name)
    X_train, y_train, X_test, y_test = split
    X_all = [*X_train, *X_test]
    y_all = np.concatenate([y_train, y_test])

    def record(method, seed, scores):
        result = {"dataset": name, "method": method, "seed": seed, **scores}
        results.append(result)
        log_result(result)

    if baselines:
        record(NEAREST_NEIGHBOR, None, run_nearest_neighbor(split, X_all))
    for seed in range(n_seeds):
        record(AUTOENCODER, seed, run_autoencoder(split, seed, overrides))
        if baselines:
            record(KMEANS_ON_RAW, seed, run_kmeans_on_raw(X_all, y_all, seed))
            record(DTW_KMEANS, seed, run_dtw_kmeans(X_all, y_all, seed, dtw_max_iter))
    return describe(name, X_all, y_all, n_truncated)


def read_baselines(path, datasets):
    """The baselines' rows for ``datasets`` from a full run's JSON at ``path``.

    Returns the JSON and the rows: every recorded seed of each baseline on each
    of ``datasets``, which must all have been run.
    """
    reference = json.loads(path.read_text())
    rows = [
        row
        for row in reference["results"]
        if row["method"] in BASELINES and row["dataset"] in datasets
    ]
    missing = {
        (name, method)
        for name in datasets
        for method in BASELINES
        if not select_rows(rows, dataset=name, method=method)
    }
    if missing:
        raise SystemExit(f"{path} has no rows for {sorted(missing)}")
    return reference, rows


def averages_over_datasets(results, methods=METHODS):
    """Per method, the mean over data sets of each column, seed by seed.

    Averaging seed by seed makes the standard deviation over seeds that of the
    average itself; its mean is the mean of the per-data-set means.

    Parameters
    ----------
    results : list of dict
        Rows with keys ``"dataset"``, ``"method"``, ``"seed"`` and scores.

    methods : sequence of str, default=METHODS
        The values of ``"method"`` to average; other scripts compare other
        methods (``bench_objectives.py``: configurations of the autoencoder).

    Returns
    -------
    dict of str to list of dict
        For each method, one row per seed (one row for 1-NN, which has none).
    """
    averaged = {}
    for method in methods:
        rows = select_rows(results, method=method)
        seeds = dict.fromkeys(row["seed"] for row in rows)
        averaged[method] = [
            {
                key: float(np.mean([row[key] for row in same_seed]))
                for key in _columns_of(same_seed)
            }
            for same_seed in (select_rows(rows, seed=seed) for seed in seeds)
        ]
    return averaged


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


def report_tables(results, datasets, averaged, targets):
    """Lines of the per-data-set table, the averages and the targets."""
    lines = [
        "| dataset | method | ARI | NMI | accuracy | fit seconds |",
        "|---|---|---|---|---|---|",
    ]
    for name in datasets:
        for method in METHODS:
            rows = select_rows(results, dataset=name, method=method)
            lines.append(f"| {name} | {method} | {method_cells(rows)} |")
    lines += [
        "",
        "Average over data sets (mean of the per-data-set means; std over seeds):",
        "| method | ARI | NMI | accuracy | fit seconds |",
        "|---|---|---|---|---|",
    ]
    for method in METHODS:
        lines.append(f"| {method} | {method_cells(averaged[method])} |")
    lines += ["", "Targets, on the averages over data sets:"]
    for target in targets:
        lines.append(
            f"- {target['metric']}: autoencoder {target['autoencoder']:.3f} "
            f"{target['relation']} {target['baseline']} "
            f"{target['baseline_value']:.3f}: "
            + ("met" if target["met"] else "NOT met")
        )
    return lines


def method_cells(rows):
    """``summary_cells`` of ARI, NMI, accuracy and fit seconds over ``rows``.

    A dash stands for a column that the method does not have.
    """
    present = _columns_of(rows)
    return " | ".join(
        summary_cells(rows, [key]) if key in present else "–" for key in _COLUMNS
    )


def _columns_of(rows):
    return [key for key in _COLUMNS if all(key in row for row in rows)]


def select_rows(results, **conditions):
    """The rows of ``results`` whose values equal all of ``conditions``."""
    return [
        result
        for result in results
        if all(result[key] == value for key, value in conditions.items())
    ]


def log_result(result):
    """One line per result on stderr, to follow a long run."""
    print(
        f"{result['dataset']} | {result['method']} | seed={result['seed']}: "
        + ", ".join(f"{key}={result[key]:.3f}" for key in _columns_of([result])),
        file=sys.stderr,
        flush=True,
    )


def parse_params(text):
    """``--params``: a JSON object of LSTMAutoencoderTransformer parameters."""
    overrides = json.loads(text)
    if not isinstance(overrides, dict):
        raise argparse.ArgumentTypeError(f"expected a JSON object, got {text!r}")
    if "random_state" in overrides:
        raise argparse.ArgumentTypeError("random_state is set by --seeds")
    # An unknown name fails here, not after minutes of baselines.
    LSTMAutoencoderTransformer(**overrides)
    return overrides


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="seeds 0 to N - 1")
    parser.add_argument(
        "--params",
        type=parse_params,
        default={},
        help="JSON object of transformer parameters to change from the defaults",
    )
    parser.add_argument(
        "--dtw-max-iter",
        type=int,
        default=10,
        help="max_iter of TimeSeriesKMeans (DTW)",
    )
    parser.add_argument("--datasets", nargs="+", choices=DATASETS, default=DATASETS)
    parser.add_argument("--output", type=Path, default=REFERENCE)
    parser.add_argument(
        "--skip-baselines",
        action="store_true",
        help=f"fit the autoencoder only; read the baselines from {REFERENCE}",
    )
    args = parser.parse_args()
    if args.skip_baselines:
        # Read before the fits, so that a missing file or data set fails early.
        reference, baseline_rows = read_baselines(REFERENCE, args.datasets)
        baselines_line = (
            f"Baselines: read from {REFERENCE}, not recomputed (its command: "
            f"{reference['command']}; DTW max_iter {reference['dtw_max_iter']}; "
            f"seeds 0 to {reference['seeds'] - 1})"
        )
    else:
        baseline_rows = []
        baselines_line = (
            f"TimeSeriesKMeans (DTW): n_init 2, max_iter {args.dtw_max_iter}; "
            f"seeds: 0 to {args.seeds - 1}; mean ± std over seeds "
            "(1-NN: one deterministic run)"
        )

    run_start = time.perf_counter()
    results = []
    facts = []
    with quiet_tensorflow():
        for name in args.datasets:
            facts.append(
                run_dataset(
                    name,
                    results,
                    args.seeds,
                    args.params,
                    args.dtw_max_iter,
                    baselines=not args.skip_baselines,
                )
            )
    results += baseline_rows

    averaged = averages_over_datasets(results)
    targets = check_targets(averaged)
    total_seconds = time.perf_counter() - run_start
    machine = describe_machine()
    parameters = LSTMAutoencoderTransformer(**args.params).get_params()
    del parameters["random_state"]
    command = shlex.join(["python", *sys.argv])
    report = [
        f"Machine: {machine}",
        f"Command: {command}",
        "Autoencoder: LSTMAutoencoderTransformer fitted on the train split, "
        f"random_state = seed, --params {json.dumps(args.params)}; parameters: "
        + ", ".join(f"{key}={value!r}" for key, value in parameters.items()),
        baselines_line,
        *facts,
        *report_tables(results, args.datasets, averaged, targets),
        f"Total run time: {total_seconds / 60:.1f} min",
        f"Raw results: {args.output}",
    ]
    print("\n".join(report))

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(
            {
                "machine": machine,
                "command": command,
                "params": args.params,
                "parameters": parameters,
                "dtw_max_iter": args.dtw_max_iter,
                "skip_baselines": args.skip_baselines,
                "seeds": args.seeds,
                "datasets": facts,
                "results": results,
                "averages": averaged,
                "targets": targets,
                "total_seconds": total_seconds,
            },
            indent=1,
        )
        + "\n"
    )
    args.output.with_suffix(".txt").write_text("\n".join(report) + "\n")


if __name__ == "__main__":
    main()
