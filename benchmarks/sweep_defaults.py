"""Sweep of candidate defaults over the wide benchmark: issue 13's quality levers.

Each variant is a set of ``LSTMAutoencoderTransformer`` parameters changed from
the defaults. On every data set of ``real_datasets.WIDE_DATASETS`` (or those
of ``--datasets``) and with every seed, each variant is fitted on the train
split and scored as ``bench_wide.py`` scores the autoencoder
(``common.fit_and_score`` with the README pipeline's protocol, and the test
series' reconstruction against PCA's on the data sets of one length). Within
a data set and seed the variants run in an order rotated by the seed
(``common.fit_and_score_variants``).

Defaults are chosen by their mean and worst case over data sets, never by the
data sets where they shine. The report gives, per variant:

- the average over data sets of ARI, NMI, accuracy and fit seconds (mean ±
  std over seeds);
- the worst case: the lowest ARI minus that of k-means on the raw series
  (``baselines.run_kmeans_on_raw``, run here with the same seeds), and the
  highest reconstruction ratio to PCA;
- the geometric mean of the reconstruction ratios;
- ARI, accuracy and reconstruction ratio per data set;
- leave-one-data-set-out: for each data set, the variant that the others
  choose (highest mean of ARI and accuracy over them), and its score on the
  one left out, so that choosing among many variants is judged on data it
  was not chosen on.

Run from the repository root::

    pip install -e ".[benchmark]"
    python benchmarks/sweep_defaults.py --variants VARIANTS.json [--seeds 1]
        [--datasets ACSF1 ...] [--output benchmarks/results/sweep_defaults.json]

A variant that does not set ``standardize_features`` is scored twice from one
fit: its features as they are, and standardized as ``standardize_features=True``
would return them (reported as "<variant>, standardized").
``--resume`` keeps the rows of an interrupted run in ``--output`` and fits
only the variants, data sets and seeds they lack; rows of variants no longer
in ``--variants`` stay in the raw results but not in the report.
``--variants`` is a JSON file mapping each variant's name to its parameters,
e.g. ``{"defaults": {}, "auto budget": {"epochs": "auto"}}``. The JSON results
are rewritten after every fit, so an interrupted run keeps its results; the
printed report is also written next to it, with suffix ``.txt``.
"""

import argparse
import json
from pathlib import Path

import numpy as np
from baselines import KMEANS_ON_RAW, run_kmeans_on_raw
from common import (
    RESULTS_DIR,
    BenchmarkRun,
    average_over_datasets,
    average_table,
    fit_and_score,
    per_dataset_table,
    rotated,
    select_rows,
)
from real_datasets import WIDE_DATASETS, load_split

from sklearn_lstmae._quiet import quiet_tensorflow


def dataset_mean(rows, name, method, column):
    """``method``'s mean of ``column`` over seeds on data set ``name``.

    NaN if a row lacks the column (a diverged fit) or there is no row.
    """
    values = [
        row.get(column, np.nan)
        for row in select_rows(rows, dataset=name, method=method)
    ]
    return float(np.mean(values)) if values else float("nan")


def variant_summary(rows, method, datasets):
    """One variant's mean and worst cases over ``datasets``.

    Returns a dict: mean ARI and accuracy, the worst ARI minus raw k-means'
    (and where), the worst and geometric-mean reconstruction ratio.
    """
    ari = {name: dataset_mean(rows, name, method, "ari") for name in datasets}
    accuracy = {name: dataset_mean(rows, name, method, "accuracy") for name in datasets}
    raw = {name: dataset_mean(rows, name, KMEANS_ON_RAW, "ari") for name in datasets}
    below_raw = {name: ari[name] - raw[name] for name in datasets}
    worst = min(below_raw, key=lambda name: np.nan_to_num(below_raw[name], nan=-9))
    ratios = {
        name: dataset_mean(rows, name, method, "reconstruction_ratio")
        for name in datasets
        if any("reconstruction_ratio" in row for row in select_rows(rows, dataset=name))
    }
    return {
        "ari": float(np.mean(list(ari.values()))),
        "accuracy": float(np.mean(list(accuracy.values()))),
        "worst_ari_minus_raw": below_raw[worst],
        "worst_ari_dataset": worst,
        "worst_ratio": max(ratios.values(), default=float("nan")),
        "geometric_mean_ratio": (
            float(np.exp(np.mean(np.log(list(ratios.values())))))
            if ratios
            else float("nan")
        ),
    }


def summary_table(summaries):
    """Markdown table of :func:`variant_summary` for every variant."""
    lines = [
        "| variant | mean ARI | mean accuracy | worst ARI − raw k-means (data set) "
        "| worst reconstruction ratio | geometric mean ratio |",
        "|---|---|---|---|---|---|",
    ]
    for method, s in summaries.items():
        lines.append(
            f"| {method} | {s['ari']:.3f} | {s['accuracy']:.3f} | "
            f"{s['worst_ari_minus_raw']:+.3f} ({s['worst_ari_dataset']}) | "
            f"{s['worst_ratio']:.2f} | {s['geometric_mean_ratio']:.2f} |"
        )
    return lines


def leave_one_dataset_out(rows, methods, datasets):
    """For each data set, the variant the others choose and how it does there.

    The choice maximizes the mean over the other data sets of (ARI +
    accuracy) / 2, each a mean over seeds.

    Returns
    -------
    list of dict
        ``"dataset"``, the ``"chosen"`` variant, its ``"held_out_score"`` and
        the ``"best_score"`` of any variant on that data set.
    """

    def score(method, name):
        return (
            dataset_mean(rows, name, method, "ari")
            + dataset_mean(rows, name, method, "accuracy")
        ) / 2

    scores = {
        method: {name: score(method, name) for name in datasets} for method in methods
    }
    choices = []
    for held_out in datasets:
        others = [name for name in datasets if name != held_out]
        chosen = max(
            methods,
            key=lambda method: np.nan_to_num(
                np.mean([scores[method][name] for name in others]), nan=-9
            ),
        )
        choices.append(
            {
                "dataset": held_out,
                "chosen": chosen,
                "held_out_score": scores[chosen][held_out],
                "best_score": max(scores[method][held_out] for method in methods),
            }
        )
    return choices


def leave_one_out_lines(choices):
    """The report's lines on :func:`leave_one_dataset_out`."""
    mean = np.mean([choice["held_out_score"] for choice in choices])
    return [
        "Leave one data set out: the variant chosen on the other data sets "
        "(highest mean of (ARI + accuracy) / 2) and its score on the one left out:",
        "| left out | chosen | its score there | best variant's score there |",
        "|---|---|---|---|",
        *(
            f"| {c['dataset']} | {c['chosen']} | {c['held_out_score']:.3f} | "
            f"{c['best_score']:.3f} |"
            for c in choices
        ),
        f"Mean held-out score: {mean:.3f}",
    ]


def parse_args():
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--variants",
        type=Path,
        required=True,
        help="JSON file: variant name to transformer parameters",
    )
    parser.add_argument("--seeds", type=int, default=1, help="seeds 0 to N - 1")
    parser.add_argument(
        "--datasets", nargs="+", choices=WIDE_DATASETS, default=WIDE_DATASETS
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS_DIR / "sweep_defaults.json"
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="keep the rows already in --output and fit only what they lack",
    )
    args = parser.parse_args()
    args.datasets = [name for name in WIDE_DATASETS if name in args.datasets]
    return args


def report_results(run, args, variants):
    """Average, summarize and tabulate the variants; print and save the report."""
    methods = list(variants)
    averaged = average_over_datasets(run.rows, methods)
    summaries = {
        method: variant_summary(run.rows, method, args.datasets) for method in methods
    }
    choices = leave_one_dataset_out(run.rows, methods, args.datasets)
    # The reconstruction is measured on the data sets of one length only.
    one_length = [
        name
        for name in args.datasets
        if any(
            "reconstruction_ratio" in row for row in select_rows(run.rows, dataset=name)
        )
    ]
    per_dataset = [
        line
        for metric, datasets in (
            ("ari", args.datasets),
            ("accuracy", args.datasets),
            ("reconstruction_ratio", one_length),
        )
        for line in (
            f"{metric} per data set (mean over seeds):",
            *per_dataset_table(run.rows, metric, methods, datasets),
            "",
        )
    ]
    run.finish(
        [
            "Variants (parameters changed from the defaults): "
            + "; ".join(
                f"{name}: {json.dumps(params)}" for name, params in variants.items()
            ),
            f"Seeds: 0 to {args.seeds - 1}; mean ± std over seeds",
        ],
        [
            "",
            *average_table(averaged),
            "",
            *summary_table(summaries),
            "",
            *per_dataset,
            *leave_one_out_lines(choices),
        ],
        averages=averaged,
        summaries=summaries,
        leave_one_dataset_out=choices,
    )


def resumed_rows(args):
    """The rows of an interrupted run in ``args.output``, with ``--resume``."""
    if not (args.resume and args.output.exists()):
        return []
    return json.loads(args.output.read_text())["results"]


def standardized_name(method):
    """The name of a variant's rows scored on standardized features."""
    return f"{method}, standardized"


def split_rows(row):
    """A variant's row as two: its features as they are, and standardized.

    ``common.fit_and_score(..., standardized_too=True)`` scores both from one
    network; the second row is what ``standardize_features=True`` gives.
    """
    plain = {key: value for key, value in row.items() if "_standardized" not in key}
    standardized = {
        **plain,
        "method": standardized_name(row["method"]),
        **{
            key.removesuffix("_standardized"): value
            for key, value in row.items()
            if key.endswith("_standardized")
        },
    }
    return [plain, standardized]


def fit_missing(split, variants, n_seeds, run):
    """Fit and score each variant and seed that ``run`` has no row of yet.

    Within a seed the variants run in an order rotated by the seed, so that
    none always comes first. A variant that does not set
    ``standardize_features`` is also scored on standardized features, under
    :func:`standardized_name`.
    """
    for seed in range(n_seeds):
        to_fit = [
            method
            for method in variants
            if not select_rows(run.rows, dataset=split.name, method=method, seed=seed)
        ]
        for method in rotated(to_fit, seed):
            params = variants[method]
            both = "standardize_features" not in params
            scores = fit_and_score(
                split,
                params,
                seed=seed,
                protocol="pipeline",
                reconstruction=True,
                standardized_too=both,
            )
            row = {"dataset": split.name, "method": method, "seed": seed, **scores}
            for one in split_rows(row) if both else [row]:
                run.record(one)


def main():
    args = parse_args()
    variants = json.loads(args.variants.read_text())
    run = BenchmarkRun(
        args.output,
        {"variants": variants, "seeds": args.seeds},
        save_every_row=True,
    )
    # Earlier rows of variants no longer asked for stay in the raw results.
    run.rows.extend(resumed_rows(args))
    with quiet_tensorflow():
        for name in args.datasets:
            split = load_split(name)
            run.facts.append(split.describe())
            for seed in range(args.seeds):
                if not select_rows(
                    run.rows, dataset=name, method=KMEANS_ON_RAW, seed=seed
                ):
                    run.record(
                        {
                            "dataset": name,
                            "method": KMEANS_ON_RAW,
                            "seed": seed,
                            **run_kmeans_on_raw(split, seed=seed),
                        }
                    )
            fit_missing(split, variants, args.seeds, run)
    reported = {
        **variants,
        **{
            standardized_name(method): {**params, "standardize_features": True}
            for method, params in variants.items()
            if "standardize_features" not in params
        },
    }
    report_results(run, args, reported)


if __name__ == "__main__":
    main()
