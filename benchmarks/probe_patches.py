"""Probe: do long sequences read as patches of steps give better, faster features?

An LSTM reads one step at a time, so a series of 251 steps costs 251 sequential
steps and makes the encoder carry its start across all of them. Reading it as
patches of ``k`` consecutive steps, each patch one step of ``k * n_channels``
values, costs ``k`` times fewer sequential steps and loses nothing. This probe
measures that idea before it becomes an estimator option, by reshaping the
series outside the estimator, against piecewise aggregate approximation
(PAA: the mean of each patch, which loses the detail within it) and against
the series as they are. The last partial patch of a series is dropped.

On the long-series data sets of ``bench_quality.py`` (ArrowHead, 251 steps;
GunPoint, 150; PickupGestureWiimoteZ, 29 to 361), with the same protocol
(``common.fit_and_score``: fit on the train split, score the features of both
splits) and the transformer's parameters given by ``--params``.

Run from the repository root::

    pip install -e ".[benchmark]"
    python benchmarks/probe_patches.py [--seeds 1]
        [--params '{"bidirectional": true, "epochs": 100, "latent_dim": 8,
                    "patch_size": 1}']

The estimator now has this as an option, ``patch_size``; the probe keeps
reshaping outside it, with ``patch_size=1``, to measure what it measured.
"""

import argparse
import json

import numpy as np
from common import (
    COLUMNS,
    describe_machine,
    fit_and_score,
    parse_params,
    recorded_command,
)
from real_datasets import load_split

from sklearn_lstmae._quiet import quiet_tensorflow

# Data set and patch size: about 50 to 90 patches per series.
PATCH_SIZES = {"ArrowHead": 4, "GunPoint": 3, "PickupGestureWiimoteZ": 4}
# The defaults of the recorded run, when the estimator read step by step.
RECORDED_PARAMS = {
    "bidirectional": True,
    "epochs": 100,
    "latent_dim": 8,
    "patch_size": 1,
}


def as_patches(X, k, *, mean):
    """Each series as patches of ``k`` steps: side by side, or their mean (PAA).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.arange(5.0)[np.newaxis]
    >>> as_patches(X, 2, mean=False).tolist(), as_patches(X, 2, mean=True).tolist()
    ([[[0.0, 1.0], [2.0, 3.0]]], [[[0.5], [2.5]]])
    """

    def one(series):
        series = series if series.ndim == 2 else series[:, np.newaxis]
        n_steps = len(series) // k * k
        patches = series[:n_steps].reshape(n_steps // k, k, series.shape[1])
        return patches.mean(axis=1) if mean else patches.reshape(n_steps // k, -1)

    patched = [one(series) for series in X]
    return patched if isinstance(X, list) else np.stack(patched)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1, help="seeds 0 to N - 1")
    parser.add_argument(
        "--params",
        type=parse_params,
        default=RECORDED_PARAMS,
        help="JSON object of transformer parameters to change from the defaults",
    )
    args = parser.parse_args()
    print(f"Machine: {describe_machine()}")
    print(f"Command: {recorded_command()}")
    print(f"Parameters: {json.dumps(args.params)}; seeds 0 to {args.seeds - 1}")
    print("| data set | input | ARI | NMI | accuracy | fit seconds |")
    print("|---|---|---|---|---|---|")
    with quiet_tensorflow():
        for name, k in PATCH_SIZES.items():
            split = load_split(name)
            for label, mean in [
                ("steps as they are", None),
                (f"patches of {k} steps", False),
                (f"PAA, means of {k} steps", True),
            ]:
                reshaped = (
                    split
                    if mean is None
                    else split._replace(
                        X_train=as_patches(split.X_train, k, mean=mean),
                        X_test=as_patches(split.X_test, k, mean=mean),
                    )
                )
                rows = [
                    fit_and_score(reshaped, args.params, seed=seed)
                    for seed in range(args.seeds)
                ]
                cells = " | ".join(
                    f"{np.mean([row[column] for row in rows]):.3f}"
                    for column in COLUMNS
                )
                print(f"| {name} | {label} | {cells} |", flush=True)


if __name__ == "__main__":
    main()
