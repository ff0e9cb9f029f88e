"""Sweep of ``patch_size="auto"``'s target: how many patches should a sequence be?

``patch_size="auto"`` reads a training sequence of median length in about 32
patches: its patch size is ``sklearn_lstmae._patches.auto_patch_size`` of the
training lengths. For each target P of ``--patches-per-sequence``, this script
computes ``auto_patch_size(lengths, patches_per_sequence=P)`` on each data
set's train split and passes that int as ``patch_size``: the transformer
then reads the series as "auto" would with P as its target. Each fit follows
``bench_quality.py``'s protocol for the autoencoder (``common.fit_and_score``:
fitted on the train split, ``random_state`` = seed, its features of both
splits scored). Within a data set and seed the targets run in an order rotated
by the seed, so that no target always comes first.

The report gives the patch size of each target on each data set, the average
over data sets of each target (computed seed by seed; mean ± std over seeds),
ARI and accuracy per data set, and for reference the raw-series baselines as
``bench_quality.py`` recorded them in ``--reference``.

Run from the repository root::

    pip install -e ".[benchmark]"
    python benchmarks/sweep_patches.py --patches-per-sequence 16 32 64
        [--seeds 2] [--params '{"epochs": 100}'] [--datasets ArrowHead ...]
        [--reference benchmarks/results/quality.json]
        [--output benchmarks/results/sweep_patches.json]

``--params`` changes the transformer's other parameters in every fit; it
cannot set ``patch_size``. The JSON file is rewritten after every fit, so an
interrupted run keeps its results; the printed report is also written next to
it, with suffix ``.txt``.
"""

import argparse
from pathlib import Path

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
    average_table,
    fit_and_score_variants,
    parse_params,
    transformer_parameters,
)
from real_datasets import DATASETS, load_split

from sklearn_lstmae._patches import auto_patch_size
from sklearn_lstmae._quiet import quiet_tensorflow


def target_name(patches_per_sequence):
    """The method name of a target's rows."""
    return f"auto, {patches_per_sequence} patches"


def run_targets(name, targets, n_seeds, params, record):
    """Fit and score every target and seed on one data set.

    Each target fits with the patch size that it gives this data set's train
    split (``common.fit_and_score_variants``).

    Parameters
    ----------
    name : str
        The data set, one of ``real_datasets.DATASETS``.

    targets : list of int
        Patches per sequence of median length.

    n_seeds : int
        Seeds 0 to ``n_seeds - 1``, each seeding the transformer and k-means.

    params : dict
        Parameters changed in every fit (``--params``).

    record : callable
        Called with each result row as soon as it is scored.

    Returns
    -------
    facts : str
        The line of facts about the data set.

    patch_sizes : dict of int to int
        The patch size of each target on this data set.
    """
    split = load_split(name)
    train_lengths = [len(series) for series in split.X_train]
    patch_sizes = {
        target: auto_patch_size(train_lengths, patches_per_sequence=target)
        for target in targets
    }
    variants = {
        target_name(target): {**params, "patch_size": patch_sizes[target]}
        for target in targets
    }
    fit_and_score_variants(
        split, variants, n_seeds, record, row_parameters=("patch_size",)
    )
    return split.describe(), patch_sizes


def parse_args():
    """The command line, each of ``--patches-per-sequence`` once."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--patches-per-sequence",
        type=int,
        nargs="+",
        required=True,
        help="targets of patch_size='auto' to compare",
    )
    parser.add_argument("--seeds", type=int, default=2, help="seeds 0 to N - 1")
    parser.add_argument(
        "--params",
        type=parse_params,
        default={},
        help="JSON object of transformer parameters, but patch_size, to change "
        "from the defaults",
    )
    parser.add_argument("--datasets", nargs="+", choices=DATASETS, default=DATASETS)
    parser.add_argument(
        "--reference",
        type=Path,
        default=QUALITY_RESULTS,
        help="bench_quality.py's raw results, for the baselines' rows",
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS_DIR / "sweep_patches.json"
    )
    args = parser.parse_args()
    if "patch_size" in args.params:
        parser.error("--params cannot set patch_size: each target sets it")
    # Each target once, in the order given.
    args.patches_per_sequence = list(dict.fromkeys(args.patches_per_sequence))
    return args


def patch_size_table(patch_sizes, targets, datasets):
    """Lines of the table of each target's patch size on each data set."""
    return [
        "Patch size of each target (auto_patch_size of the train split's lengths):",
        "| method | " + " | ".join(datasets) + " |",
        "|---|" + "---|" * len(datasets),
        *(
            f"| {target_name(target)} | "
            + " | ".join(str(patch_sizes[name][target]) for name in datasets)
            + " |"
            for target in targets
        ),
    ]


def report_results(run, args, parameters, recorded, patch_sizes):
    """Average the rows over data sets; print and save the report."""
    targets = args.patches_per_sequence
    methods = [target_name(target) for target in targets]
    averaged = average_over_datasets(run.rows, methods)
    run.finish(
        [
            autoencoder_line(parameters, "patch_size as below; other parameters"),
            recorded.description,
            f"Seeds: 0 to {args.seeds - 1}; mean ± std over seeds",
        ],
        [
            "",
            *patch_size_table(patch_sizes, targets, args.datasets),
            "",
            *average_table(averaged),
            "",
            *recorded_baselines_tables(
                run.rows, recorded.rows, methods, args.datasets, header="method"
            ),
        ],
        averages=averaged,
    )


def main():
    args = parse_args()
    # Read before the fits, so that a missing file or data set fails early.
    recorded = read_recorded_baselines(args.reference, args.datasets)
    parameters = transformer_parameters(args.params)
    del parameters["patch_size"]
    patch_sizes = {}
    run = BenchmarkRun(
        args.output,
        {
            "params": args.params,
            "parameters": parameters,
            "patches_per_sequence": args.patches_per_sequence,
            # Filled data set by data set, and saved with every row.
            "patch_sizes": patch_sizes,
            "seeds": args.seeds,
        },
        save_every_row=True,
    )
    with quiet_tensorflow():
        for name in args.datasets:
            facts, patch_sizes[name] = run_targets(
                name, args.patches_per_sequence, args.seeds, args.params, run.record
            )
            run.facts.append(facts)
    report_results(run, args, parameters, recorded, patch_sizes)


if __name__ == "__main__":
    main()
