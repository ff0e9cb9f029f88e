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

The protocol is that of ``bench_quality.py``'s "LSTM autoencoder",
``common.fit_and_score``: on the five data sets of that benchmark, the
transformer (``random_state`` = seed) is fitted on the train split, and its
features are scored: ARI and NMI of k-means clusters of train and test series
against the classes, and the test accuracy of a logistic regression trained on
the train features. A fit that diverges scores NaN. Within a data set and
seed the configurations run in an order rotated by the seed, so that no
configuration always comes first, when the machine is least warmed up.

The report gives, per configuration, the average over data sets (computed
seed by seed, as in ``bench_quality.py``; mean ± std over seeds) and its fit
time relative to the default; per data set, ARI and accuracy; and, for
reference, the raw-series baselines as ``bench_quality.py`` last recorded
them in ``--reference`` (read, not recomputed: they do not depend on the
autoencoder), averaged over the same data sets.

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
from pathlib import Path

import numpy as np
from baselines import (
    QUALITY_RESULTS,
    read_recorded_baselines,
    recorded_baselines_tables,
)
from common import (
    RESULTS_DIR,
    BenchmarkRun,
    autoencoder_line,
    average_over_datasets,
    fit_and_score_variants,
    parse_params,
    summary_cells,
    transformer_parameters,
)
from real_datasets import DATASETS, load_split

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


def report_tables(results, configurations, datasets, averaged, baseline_rows):
    """Lines of the tables: averages, per data set, and the baselines.

    Parameters
    ----------
    results : list of dict
        One row per data set, configuration and seed.

    configurations : dict of str to dict
        Configuration names, in table order, and the parameters each changes.

    datasets : sequence of str
        Data sets, in column order.

    averaged : dict of str to list of dict
        ``common.average_over_datasets`` of ``results``.

    baseline_rows : list of dict
        The baselines' rows on ``datasets``, as ``bench_quality.py`` recorded
        them.

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
            f"| {summary_cells(averaged[configuration])} | {ratio} |"
        )
    return [
        *lines,
        "",
        *recorded_baselines_tables(
            results, baseline_rows, configurations, datasets, header="configuration"
        ),
    ]


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
        default=QUALITY_RESULTS,
        help="bench_quality.py's raw results, for the baselines' rows",
    )
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "objectives.json")
    args = parser.parse_args()
    # In the order of CONFIGURATIONS, whatever the order given.
    args.configs = {
        name: changes
        for name, changes in CONFIGURATIONS.items()
        if name in args.configs
    }
    return args


def report_results(run, args, parameters, recorded):
    """Average the rows over data sets; print and save the report."""
    averaged = average_over_datasets(run.rows, args.configs)
    run.finish(
        [
            autoencoder_line(
                parameters, "each configuration's parameters changed from"
            ),
            recorded.description,
            f"Seeds: 0 to {args.seeds - 1}; mean ± std over seeds",
        ],
        report_tables(run.rows, args.configs, args.datasets, averaged, recorded.rows),
        averages=averaged,
    )


def main():
    args = parse_args()
    # Read before the fits, so that a missing file or data set fails early.
    recorded = read_recorded_baselines(args.reference, args.datasets)
    parameters = transformer_parameters({**BASE, **args.params})
    variants = {
        configuration: {**BASE, **changes, **args.params}
        for configuration, changes in args.configs.items()
    }
    run = BenchmarkRun(
        args.output,
        {
            "params": args.params,
            "parameters": parameters,
            "configurations": args.configs,
            "seeds": args.seeds,
        },
        save_every_row=True,
    )
    with quiet_tensorflow():
        for name in args.datasets:
            split = load_split(name)
            run.facts.append(split.describe())
            fit_and_score_variants(split, variants, args.seeds, run.record)
    report_results(run, args, parameters, recorded)


if __name__ == "__main__":
    main()
