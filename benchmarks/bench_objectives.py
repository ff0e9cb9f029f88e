"""Objectives and options of the model family, compared on real data.

Which of the family's configurations (README, "The model family") gives the
best features, and at what cost in training time? Each configuration below
changes a few parameters from the transformer's defaults:

1. "reconstruct (default)": the defaults;
2. "reconstruct, reversed": ``reverse_target=True``;
3. "predict, shifted (tutorial)": ``objective="predict"``;
4. "predict, horizon 5 (paper)": ``objective="predict", horizon=5``;
5. "composite, shifted": ``objective="composite"``;
6. "composite, horizon 5": ``objective="composite", horizon=5``;
7. "composite, conditioned decoders": ``objective="composite",
   conditional_decoder=True``;
8. "bidirectional encoder": ``bidirectional=True``;
9. "hidden and cell state": ``bottleneck_state="hidden_and_cell"``.

The protocol is that of ``bench_quality.py``'s "LSTM autoencoder", whose
``run_autoencoder`` fits each one: on the five data sets of that benchmark,
the transformer (``random_state`` = seed) is fitted on the train split, and
``evaluation.evaluate_features`` scores its features: ARI and NMI of k-means
clusters of train and test series against the classes, and the test accuracy
of a logistic regression trained on the train features. A fit that diverges
scores NaN. Within a data set and seed the configurations run in an order
rotated by the seed, so that no configuration always comes first, when the
machine is least warmed up.

The report gives, per configuration, the average over data sets (computed
seed by seed, as in ``bench_quality.py``; mean ± std over seeds) and its fit
time relative to the default; per data set, ARI and accuracy; and, for
reference, the raw-series baselines as ``bench_quality.py`` last recorded
them in ``--reference`` (read, not recomputed: they do not depend on the
autoencoder).

Run from the repository root::

    pip install -e ".[benchmark]"
    python benchmarks/bench_objectives.py [--seeds 3] [--configs NAME ...]
        [--datasets ItalyPowerDemand ...] [--params '{"epochs": 2}']
        [--reference benchmarks/results/quality.json]
        [--output benchmarks/results/objectives.json]

``--params`` changes parameters in every configuration, for quick smoke runs.
The JSON file is rewritten after every fit, so an interrupted run keeps its
results; the printed report is also written next to it, with suffix ``.txt``.
"""

import argparse
import json
import shlex
import sys
import time
from pathlib import Path

import numpy as np
from baselines import describe, describe_machine, load_split
from bench_quality import (
    DATASETS,
    DTW_KMEANS,
    KMEANS_ON_RAW,
    NEAREST_NEIGHBOR,
    averages_over_datasets,
    log_result,
    method_cells,
    parse_params,
    run_autoencoder,
    select_rows,
)

from sklearn_lstmae import LSTMAutoencoderTransformer
from sklearn_lstmae._quiet import quiet_tensorflow

# Every configuration starts from the defaults when this benchmark first ran
# (results/objectives.txt): the tutorial's one-direction encoder, read step by
# step, 50 epochs, 8 latent features. Its result made the bidirectional
# encoder the default; the quality sweep changed the others since.
BASE = {
    "bidirectional": False,
    "patch_size": 1,
    "epochs": 50,
    "latent_dim": 8,
}
# Name: the parameters that the configuration changes from BASE and the defaults.
CONFIGURATIONS = {
    "reconstruct (default)": {},
    "reconstruct, reversed": {"reverse_target": True},
    "predict, shifted (tutorial)": {"objective": "predict"},
    "predict, horizon 5 (paper)": {"objective": "predict", "horizon": 5},
    "composite, shifted": {"objective": "composite"},
    "composite, horizon 5": {"objective": "composite", "horizon": 5},
    "composite, conditioned decoders": {
        "objective": "composite",
        "conditional_decoder": True,
    },
    "bidirectional encoder": {"bidirectional": True},
    "hidden and cell state": {"bottleneck_state": "hidden_and_cell"},
}
DEFAULT = "reconstruct (default)"
BASELINES = (KMEANS_ON_RAW, DTW_KMEANS, NEAREST_NEIGHBOR)


def run_configurations(name, configurations, n_seeds, params, record):
    """Fit and score every configuration and seed on one data set.

    Parameters
    ----------
    name : str
        The data set, one of ``bench_quality.DATASETS``.

    configurations : dict of str to dict
        Configuration names and the parameters each changes.

    n_seeds : int
        Seeds 0 to ``n_seeds - 1``, each seeding the transformer and k-means.

    params : dict
        Parameters changed in every configuration (``--params``).

    record : callable
        Called with each result row as soon as it is scored.

    Returns
    -------
    str
        The line of facts about the data set.
    """
    *split, n_truncated = load_split(name)
    X_train, y_train, X_test, y_test = split
    names = list(configurations)
    for seed in range(n_seeds):
        # Rotating the order spreads the warm-up of the first fit, and drifts
        # in the machine's load, over the configurations.
        shift = seed % len(names)
        for configuration in names[shift:] + names[:shift]:
            overrides = {**BASE, **configurations[configuration], **params}
            scores = run_autoencoder(split, seed, overrides)
            record({"dataset": name, "method": configuration, "seed": seed, **scores})
    return describe(
        name, [*X_train, *X_test], np.concatenate([y_train, y_test]), n_truncated
    )


def read_reference(path):
    """The baselines' rows and averages over data sets from ``bench_quality.py``.

    Returns
    -------
    dict or None
        The JSON that ``bench_quality.py`` wrote, or None if ``path`` does not
        exist.
    """
    if not path.exists():
        return None
    return json.loads(path.read_text())


def report_tables(results, configurations, datasets, averaged, reference):
    """Lines of the three tables: averages, per data set, and the baselines.

    Parameters
    ----------
    results : list of dict
        One row per data set, configuration and seed.

    configurations : dict of str to dict
        Configuration names, in table order, and the parameters each changes.

    datasets : sequence of str
        Data sets, in column order.

    averaged : dict of str to list of dict
        ``bench_quality.averages_over_datasets`` of ``results``.

    reference : dict or None
        :func:`read_reference`'s JSON.

    Returns
    -------
    list of str
    """

    def mean_fit_seconds(configuration):
        return np.mean([row["fit_seconds"] for row in averaged[configuration]])

    lines = [
        "Average over data sets (mean of the per-data-set means; std over seeds):",
        "| configuration | parameters | ARI | NMI | accuracy | fit seconds "
        f"| fit time / {DEFAULT} |",
        "|---|---|---|---|---|---|---|",
    ]
    for configuration, changes in configurations.items():
        ratio = (
            f"{mean_fit_seconds(configuration) / mean_fit_seconds(DEFAULT):.2f}"
            if DEFAULT in configurations
            else "–"
        )
        lines.append(
            f"| {configuration} | `{json.dumps(changes)}` "
            f"| {method_cells(averaged[configuration])} | {ratio} |"
        )

    reference_rows = reference["results"] if reference else []
    for metric, label, baselines in (
        ("ari", "ARI", (KMEANS_ON_RAW, DTW_KMEANS)),
        ("accuracy", "Accuracy", (NEAREST_NEIGHBOR,)),
    ):
        lines += [
            "",
            f"{label} per data set (mean over seeds; baselines from "
            "--reference, marked *):",
            "| configuration | " + " | ".join(datasets) + " |",
            "|---|" + "---|" * len(datasets),
        ]
        for configuration in configurations:
            lines.append(
                _mean_row(configuration, results, configuration, datasets, metric)
            )
        if reference:
            for baseline in baselines:
                lines.append(
                    _mean_row(
                        f"{baseline} *", reference_rows, baseline, datasets, metric
                    )
                )

    lines += [""]
    if reference is None:
        lines.append("Baselines: no --reference file, so no reference rows.")
        return lines
    reference_datasets = ", ".join(fact.split(":")[0] for fact in reference["datasets"])
    lines += [
        "Baselines, average over data sets, read from --reference (command: "
        f"{reference['command']}; seeds: 0 to {reference['seeds'] - 1}; "
        f"data sets: {reference_datasets}):",
        "| method | ARI | NMI | accuracy | fit seconds |",
        "|---|---|---|---|---|",
    ]
    for baseline in BASELINES:
        lines.append(
            f"| {baseline} | {method_cells(reference['averages'][baseline])} |"
        )
    return lines


def _mean_row(label, results, method, datasets, metric):
    """A table row: ``metric`` of ``method`` on each data set, mean over seeds."""
    cells = []
    for name in datasets:
        values = [
            row[metric] for row in select_rows(results, dataset=name, method=method)
        ]
        cells.append(f"{np.mean(values):.3f}" if values else "–")
    return f"| {label} | " + " | ".join(cells) + " |"


def parse_args():
    """The command line, with ``--configs`` as a dict of name to changes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="seeds 0 to N - 1")
    parser.add_argument(
        "--configs",
        nargs="+",
        choices=CONFIGURATIONS,
        default=list(CONFIGURATIONS),
        help="names of the configurations to run (default: all)",
    )
    parser.add_argument("--datasets", nargs="+", choices=DATASETS, default=DATASETS)
    parser.add_argument(
        "--params",
        type=parse_params,
        default={},
        help="JSON object of transformer parameters changed in every "
        "configuration, e.g. fewer epochs for a smoke run",
    )
    parser.add_argument(
        "--reference",
        type=Path,
        default=Path("benchmarks/results/quality.json"),
        help="bench_quality.py's raw results, for the baselines' rows",
    )
    parser.add_argument(
        "--output", type=Path, default=Path("benchmarks/results/objectives.json")
    )
    args = parser.parse_args()
    # In the order of CONFIGURATIONS, whatever the order given.
    args.configs = {
        name: changes
        for name, changes in CONFIGURATIONS.items()
        if name in args.configs
    }
    for changes in args.configs.values():
        # A combination the transformer rejects fails here, not mid-run.
        LSTMAutoencoderTransformer(**changes, **args.params)
    return args


def main():
    args = parse_args()
    machine = describe_machine()
    command = shlex.join(["python", *sys.argv])
    parameters = LSTMAutoencoderTransformer(**args.params).get_params()
    del parameters["random_state"]
    run_start = time.perf_counter()
    results = []
    facts = []

    def write_json(**finished):
        args.output.parent.mkdir(parents=True, exist_ok=True)
        content = {
            "machine": machine,
            "command": command,
            "params": args.params,
            "parameters": parameters,
            "configurations": args.configs,
            "seeds": args.seeds,
            "datasets": facts,
            "results": results,
            "complete": bool(finished),
            **finished,
        }
        args.output.write_text(json.dumps(content, indent=1) + "\n")

    def record(result):
        results.append(result)
        log_result(result)
        write_json()

    with quiet_tensorflow():
        for name in args.datasets:
            facts.append(
                run_configurations(name, args.configs, args.seeds, args.params, record)
            )

    averaged = averages_over_datasets(results, methods=args.configs)
    total_seconds = time.perf_counter() - run_start
    report = [
        f"Machine: {machine}",
        f"Command: {command}",
        "Autoencoder: LSTMAutoencoderTransformer fitted on the train split, "
        "random_state = seed, each configuration's parameters changed from: "
        + ", ".join(f"{key}={value!r}" for key, value in parameters.items()),
        f"Seeds: 0 to {args.seeds - 1}; mean ± std over seeds",
        *facts,
        *report_tables(
            results,
            args.configs,
            args.datasets,
            averaged,
            read_reference(args.reference),
        ),
        f"Total run time: {total_seconds / 60:.1f} min",
        f"Raw results: {args.output}",
    ]
    print("\n".join(report))
    write_json(averages=averaged, total_seconds=total_seconds)
    args.output.with_suffix(".txt").write_text("\n".join(report) + "\n")


if __name__ == "__main__":
    main()
