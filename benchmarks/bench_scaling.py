"""Which ``scaling`` should be the default? Feature quality on real data sets.

For each data set, scaling and seed, an LSTMAutoencoderTransformer at its
defaults (but for ``scaling``, ``random_state`` and ``--epochs``) is fitted on
the train and test series together, without labels, as an unsupervised feature
learner is used, and ``common.fit_and_score`` scores its features of the train
and test series: ARI and NMI of k-means clusters against the classes, and the
test accuracy of a logistic regression trained on the train features. The
table gives mean ± standard deviation over seeds, and the average over data
sets for each scaling; the default should be chosen on that average, not on
any one data set.

Run from the repository root::

    pip install -e ".[benchmark]"
    python benchmarks/bench_scaling.py [--seeds 2] [--epochs 50]
        [--datasets ItalyPowerDemand ...] [--output benchmarks/results/scaling.json]

The printed report is also written next to ``--output``, with suffix ``.txt``.
"""

import argparse
from pathlib import Path

from common import (
    RESULTS_DIR,
    BenchmarkRun,
    average_over_datasets,
    average_table,
    dataset_table,
    fit_and_score,
    transformer_parameters,
)
from real_datasets import DATASETS, EQUAL_LENGTH, load_split

from sklearn_lstmae._quiet import quiet_tensorflow

# The UCR archive z-normalizes each univariate series (ItalyPowerDemand,
# ArrowHead, GunPoint) already, so "per_series" and "standard" differ little
# on them; BasicMotions is raw accelerometer and gyroscope data, whose level
# and amplitude the scalings treat differently.
SCALINGS = ("standard", "minmax", "per_series", None)


def run_scalings(name, n_seeds, params, record):
    """Fit and score every scaling and seed on one data set.

    Each row goes to ``record`` as soon as it is scored. Returns the line of
    facts about the data set.
    """
    split = load_split(name)
    for scaling in SCALINGS:
        for seed in range(n_seeds):
            scores = fit_and_score(
                split, {**params, "scaling": scaling}, seed=seed, fit_on="all"
            )
            record({"dataset": name, "scaling": scaling, "seed": seed, **scores})
    return split.describe()


def parse_args():
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=2, help="seeds 0 to N - 1")
    parser.add_argument(
        "--epochs", type=int, default=None, help="default: the transformer's"
    )
    parser.add_argument("--datasets", nargs="+", choices=DATASETS, default=EQUAL_LENGTH)
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "scaling.json")
    return parser.parse_args()


def main():
    args = parse_args()
    params = {} if args.epochs is None else {"epochs": args.epochs}
    epochs = transformer_parameters(params)["epochs"]
    run = BenchmarkRun(args.output, {"epochs": epochs, "seeds": args.seeds})
    with quiet_tensorflow():
        for name in args.datasets:
            run.facts.append(run_scalings(name, args.seeds, params, run.record))

    averaged = average_over_datasets(run.rows, SCALINGS, key="scaling")
    run.finish(
        [f"Epochs: {epochs}, seeds: 0 to {args.seeds - 1}; mean ± std over seeds"],
        [
            *dataset_table(run.rows, args.datasets, SCALINGS, key="scaling"),
            "",
            *average_table(averaged, key="scaling"),
        ],
        # JSON keys are strings; the scaling None among them.
        averages={str(scaling): rows for scaling, rows in averaged.items()},
    )


if __name__ == "__main__":
    main()
