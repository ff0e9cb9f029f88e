"""Feature quality on twelve data sets, against strong baselines: issue 13's targets.

Defaults chosen on ``bench_quality.py``'s five data sets could fit those five
alone. This benchmark adds seven (``real_datasets.WIDE_DATASETS``): ACSF1
(1460 steps), the synthetic Cylinder-Bell-Funnel, OSULeaf, PigCVP (2000
steps, 52 classes), UnitTest (42 series), JapaneseVowels (12 channels, 7 to
29 steps) and PLAID (100 to 1344 steps), each with the archive's train/test
split (Cylinder-Bell-Funnel's is fixed by seeds). On each, with each seed:

- "LSTM autoencoder": an LSTMAutoencoderTransformer at its defaults (but for
  ``random_state``, and whatever ``--params`` overrides) fitted on the train
  series, its features of both splits scored by ``common.fit_and_score``
  with the README's protocol (``--protocol pipeline``): k-means (k = number of
  classes) directly on the ``transform`` output of all series, as
  ``make_pipeline(LSTMAutoencoderTransformer(...), KMeans(k))`` clusters
  them, and a logistic regression directly on the train features, scored on
  the test features. ``--protocol standardized`` scales each feature first,
  as the benchmarks did before. On the data sets of one length, its
  reconstruction of the test series is compared with PCA's
  (``common.reconstruction_errors``): both mean squared errors, in the units
  that the transformer's default ``scaling="standard"`` trains in, and their
  ratio, which should be at most 1.
- the baselines of ``baselines.py`` (``baselines.WIDE_BASELINES``), each
  timed: k-means on the z-normalized raw series, DTW k-means, k-Shape, 1-NN
  Euclidean and 1-NN DTW, PCA's features (as many as ``latent_dim``) into
  k-means and a logistic regression, and MiniRocket's features into k-means
  and a ridge classifier. To keep a full run affordable on two cores, DTW
  k-means and k-Shape read each series longer than
  ``baselines.ELASTIC_MAX_LENGTH`` steps resampled to that length, and 1-NN
  DTW warps within a Sakoe-Chiba window of ``baselines.DTW_WINDOW`` of the
  length.

Each seed seeds the autoencoder, every k-means, k-Shape and MiniRocket; the
1-NN baselines are deterministic and run once. Cells give mean ± standard
deviation over seeds. "fit seconds" is the autoencoder's ``fit`` alone; for a
baseline, the time from the loaded series to its clusters and predictions.

The report gives every method on every data set, the average over data sets
(computed seed by seed), the worst case (the data set where the autoencoder's
ARI falls furthest below that of k-means on the raw series), the
reconstruction per data set, and the issue's targets, each met or missed by
its margin: the autoencoder's mean ARI above DTW k-means'; no data set's ARI
more than 0.05 below k-means on the raw series; its mean accuracy above
1-NN Euclidean's; its reconstruction at most PCA's on every data set of one
length. MiniRocket has no target; its gap is stated.

Run from the repository root::

    pip install -e ".[benchmark]"
    python benchmarks/bench_wide.py [--seeds 3] [--params '{"epochs": 20}']
        [--protocol pipeline] [--dtw-max-iter 10] [--datasets ACSF1 ...]
        [--output benchmarks/results/wide.json] [--skip-baselines]
        [--reference benchmarks/results/wide.json]

``--resume`` (with ``--skip-baselines``) keeps the autoencoder's rows already
in ``--output`` and fits only the data sets and seeds they lack.
``--skip-baselines`` fits and scores the autoencoder alone, for comparing
candidate defaults: the baselines' rows (for the data sets run, all their
recorded seeds) are read from ``--reference``, as a full run last wrote them.
The JSON file is rewritten after every row, so an interrupted run keeps its
results; the printed report is also written next to it, with suffix
``.txt``; both record paths relative to the repository, or file names only.
"""

import argparse
import json
from pathlib import Path

import numpy as np
from baselines import (
    DTW_KMEANS,
    DTW_WINDOW,
    ELASTIC_MAX_LENGTH,
    KMEANS_ON_RAW,
    KSHAPE,
    MINIROCKET,
    NEAREST_NEIGHBOR,
    NEAREST_NEIGHBOR_DTW,
    PCA_FEATURES,
    WIDE_BASELINES,
    recorded_or_computed,
    run_dtw_kmeans,
    run_kmeans_on_raw,
    run_kshape,
    run_minirocket,
    run_nearest_neighbor,
    run_nearest_neighbor_dtw,
    run_pca_features,
)
from common import (
    AUTOENCODER,
    COLUMNS,
    PROTOCOLS,
    RECONSTRUCTION,
    RESULTS_DIR,
    BenchmarkRun,
    add_seeds_and_params,
    autoencoder_line,
    average_over_datasets,
    average_table,
    dataset_table,
    display_path,
    fit_and_score,
    select_rows,
    transformer_parameters,
)
from real_datasets import WIDE_DATASETS, load_split

from sklearn_lstmae._quiet import quiet_tensorflow

METHODS = (AUTOENCODER, *WIDE_BASELINES)
WIDE_RESULTS = RESULTS_DIR / "wide.json"
# The bound on the worst data set: the autoencoder's ARI at most this
# far below k-means on the raw series.
WORST_ARI_TOLERANCE = 0.05


def run_baselines(split, args, record):
    """Score every baseline on one split, seed by seed, passing rows to ``record``."""
    latent_dim = transformer_parameters(args.params)["latent_dim"]
    record(NEAREST_NEIGHBOR, None, run_nearest_neighbor(split))
    record(NEAREST_NEIGHBOR_DTW, None, run_nearest_neighbor_dtw(split))
    for seed in range(args.seeds):
        record(KMEANS_ON_RAW, seed, run_kmeans_on_raw(split, seed=seed))
        record(
            DTW_KMEANS,
            seed,
            run_dtw_kmeans(
                split,
                seed=seed,
                max_iter=args.dtw_max_iter,
                max_length=ELASTIC_MAX_LENGTH,
            ),
        )
        record(
            KSHAPE, seed, run_kshape(split, seed=seed, max_length=ELASTIC_MAX_LENGTH)
        )
        record(
            PCA_FEATURES,
            seed,
            run_pca_features(split, seed=seed, n_components=latent_dim),
        )
        record(MINIROCKET, seed, run_minirocket(split, seed=seed))


def run_dataset(name, args, record, done=()):
    """Fit the autoencoder with each seed on one data set, then the baselines.

    ``done`` holds the ``(data set, seed)`` pairs whose autoencoder rows a
    resumed run already has. Returns the line of facts about the data set.
    """
    split = load_split(name)

    def score(method, seed, scores):
        record({"dataset": name, "method": method, "seed": seed, **scores})

    for seed in range(args.seeds):
        if (name, seed) in done:
            continue
        scores = fit_and_score(
            split, args.params, seed=seed, protocol=args.protocol, reconstruction=True
        )
        score(AUTOENCODER, seed, scores)
    if not args.skip_baselines:
        run_baselines(split, args, score)
    return split.describe()


def dataset_means(rows, method, column, datasets):
    """Per data set, ``method``'s mean of ``column`` over its seeds.

    A row without the column (a diverged fit) makes the mean NaN.
    """
    return {
        name: float(
            np.mean(
                [
                    row.get(column, np.nan)
                    for row in select_rows(rows, dataset=name, method=method)
                ]
            )
        )
        for name in datasets
    }


def reconstructed_datasets(rows):
    """The data sets whose autoencoder rows measured the reconstruction."""
    return list(
        dict.fromkeys(
            row["dataset"]
            for row in select_rows(rows, method=AUTOENCODER)
            if "reconstruction_ratio" in row
        )
    )


def worst_case(rows, datasets):
    """The data set where the autoencoder's ARI is lowest relative to raw k-means.

    Returns
    -------
    dict
        ``"dataset"`` and its ``"difference"``: the autoencoder's mean ARI over
        seeds minus that of k-means on the raw series. A NaN (diverged
        training) is the worst of all.
    """
    ours = dataset_means(rows, AUTOENCODER, "ari", datasets)
    raw = dataset_means(rows, KMEANS_ON_RAW, "ari", datasets)
    differences = {name: ours[name] - raw[name] for name in datasets}
    name = min(
        differences, key=lambda name: np.nan_to_num(differences[name], nan=-np.inf)
    )
    return {"dataset": name, "difference": differences[name]}


def overall_mean(averaged, method, column):
    """The mean over seeds of ``method``'s average over data sets of ``column``."""
    return float(np.mean([row[column] for row in averaged[method]]))


def check_targets(averaged, worst, rows):
    """The issue's targets, each with its margin (positive where met)."""

    def mean(method, column):
        return overall_mean(averaged, method, column)

    ratios = dataset_means(
        rows, AUTOENCODER, "reconstruction_ratio", reconstructed_datasets(rows)
    )
    # A NaN ratio (a diverged fit) is the worst.
    worst_ratio = (
        max(ratios, key=lambda name: np.nan_to_num(ratios[name], nan=np.inf))
        if ratios
        else None
    )
    targets = [
        (
            f"mean ARI above that of {DTW_KMEANS}",
            mean(AUTOENCODER, "ari") - mean(DTW_KMEANS, "ari"),
            True,
        ),
        (
            f"no data set's ARI more than {WORST_ARI_TOLERANCE} below that of "
            f"{KMEANS_ON_RAW} (worst: {worst['dataset']})",
            worst["difference"] + WORST_ARI_TOLERANCE,
            False,
        ),
        (
            f"mean accuracy above that of {NEAREST_NEIGHBOR}",
            mean(AUTOENCODER, "accuracy") - mean(NEAREST_NEIGHBOR, "accuracy"),
            True,
        ),
        (
            "reconstruction MSE at most PCA's on every data set of one length "
            f"(worst: {worst_ratio}, mean ratio over seeds)",
            1.0 - ratios[worst_ratio] if ratios else float("nan"),
            False,
        ),
    ]
    return [
        {
            "target": target,
            "margin": margin,
            # A NaN (diverged training) compares False: missed.
            "met": bool(margin > 0 if strict else margin >= 0),
        }
        for target, margin, strict in targets
    ]


def summary_lines(rows, averaged, worst, targets, datasets):
    """The report's lines after the tables: worst case, targets, MiniRocket's gap."""

    def gap(column):
        return overall_mean(averaged, AUTOENCODER, column) - overall_mean(
            averaged, MINIROCKET, column
        )

    ours = dataset_means(rows, AUTOENCODER, "ari", datasets)
    raw = dataset_means(rows, KMEANS_ON_RAW, "ari", datasets)
    return [
        f"ARI of the autoencoder minus that of {KMEANS_ON_RAW}, per data set "
        "(means over seeds): "
        + ", ".join(f"{name} {ours[name] - raw[name]:+.3f}" for name in datasets),
        f"Worst case: {worst['dataset']}, {worst['difference']:+.3f}",
        "",
        "Targets (margin: how far past the bound; negative where missed):",
        *(
            f"- {target['target']}: margin {target['margin']:+.3f}, "
            + ("met" if target["met"] else "MISSED")
            for target in targets
        ),
        "",
        f"Gap to {MINIROCKET} (autoencoder minus MiniRocket, means over data "
        f"sets): ARI {gap('ari'):+.3f}, NMI {gap('nmi'):+.3f}, "
        f"accuracy {gap('accuracy'):+.3f}",
    ]


def report_results(run, args, baselines_line):
    """Average the rows, find the worst case, check the targets; print, save."""
    averaged = average_over_datasets(run.rows, METHODS)
    worst = worst_case(run.rows, args.datasets)
    targets = check_targets(averaged, worst, run.rows)
    run.finish(
        [
            autoencoder_line(
                run.settings["parameters"],
                f"--params {json.dumps(args.params)}; parameters",
            ),
            f"Protocol: {args.protocol}",
            baselines_line,
        ],
        [
            *dataset_table(
                run.rows,
                args.datasets,
                METHODS,
                columns=(*COLUMNS, "reconstruction_ratio"),
            ),
            "",
            *average_table(averaged),
            "",
            "Reconstruction of the test series, in scaled units, against PCA "
            "(data sets of one length):",
            *dataset_table(
                run.rows,
                reconstructed_datasets(run.rows),
                [AUTOENCODER],
                columns=RECONSTRUCTION,
            ),
            "",
            *summary_lines(run.rows, averaged, worst, targets, args.datasets),
        ],
        averages=averaged,
        worst_case=worst,
        targets=targets,
    )


def computed_baselines_line(args):
    """The report's line on the baselines as this run computes them."""
    return (
        f"Baselines: TimeSeriesKMeans (DTW) n_init 2, max_iter {args.dtw_max_iter}; "
        f"DTW k-means and KShape on series resampled to at most "
        f"{ELASTIC_MAX_LENGTH} steps; 1-NN DTW window {DTW_WINDOW:g} of the length; "
        f"seeds 0 to {args.seeds - 1}; mean ± std over seeds (1-NN: one "
        "deterministic run)"
    )


def parse_args():
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_seeds_and_params(parser, seeds=3)
    parser.add_argument(
        "--datasets", nargs="+", choices=WIDE_DATASETS, default=WIDE_DATASETS
    )
    parser.add_argument(
        "--protocol",
        choices=PROTOCOLS,
        default="pipeline",
        help="how the autoencoder's features are scored (common.score_features)",
    )
    parser.add_argument(
        "--dtw-max-iter", type=int, default=10, help="max_iter of DTW k-means"
    )
    parser.add_argument("--output", type=Path, default=WIDE_RESULTS)
    parser.add_argument(
        "--skip-baselines",
        action="store_true",
        help="fit the autoencoder only; read the baselines from --reference",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="with --skip-baselines: keep the autoencoder's rows already in "
        "--output and fit only the data sets and seeds they lack",
    )
    parser.add_argument(
        "--reference",
        type=Path,
        default=WIDE_RESULTS,
        help="a full run's raw results, for --skip-baselines (default: "
        f"{display_path(WIDE_RESULTS)})",
    )
    args = parser.parse_args()
    if args.resume and not args.skip_baselines:
        parser.error("--resume needs --skip-baselines")
    # In the order of WIDE_DATASETS, each once, whatever the order given.
    args.datasets = [name for name in WIDE_DATASETS if name in args.datasets]
    return args


def run_settings(args):
    """What the raw results record of how the run was asked."""
    return {
        "params": args.params,
        "parameters": transformer_parameters(args.params),
        "protocol": args.protocol,
        "dtw_max_iter": args.dtw_max_iter,
        "elastic_max_length": ELASTIC_MAX_LENGTH,
        "dtw_window": DTW_WINDOW,
        "skip_baselines": args.skip_baselines,
        "seeds": args.seeds,
    }


def main():
    args = parse_args()
    baselines = recorded_or_computed(
        args.skip_baselines,
        args.reference,
        args.datasets,
        WIDE_BASELINES,
        computed_baselines_line(args),
    )
    run = BenchmarkRun(args.output, run_settings(args), save_every_row=True)
    if args.resume and args.output.exists():
        earlier = json.loads(args.output.read_text())["results"]
        run.rows.extend(
            row
            for row in select_rows(earlier, method=AUTOENCODER)
            if row["dataset"] in args.datasets and row["seed"] < args.seeds
        )
    done = {(row["dataset"], row["seed"]) for row in run.rows}
    with quiet_tensorflow():
        run.facts.extend(
            run_dataset(name, args, run.record, done) for name in args.datasets
        )
    run.rows.extend(baselines.rows)
    report_results(run, args, baselines.description)


if __name__ == "__main__":
    main()
