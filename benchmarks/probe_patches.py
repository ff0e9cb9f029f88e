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
GunPoint, 150; PickupGestureWiimoteZ, 29 to 361), with the same protocol (fit
on the train split, score with ``evaluation.evaluate_features``) and the
transformer's parameters given by ``--params``.

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
from baselines import describe_machine, load_split
from bench_quality import run_autoencoder

from sklearn_lstmae._quiet import quiet_tensorflow

# Data set and patch size: about 50 to 90 patches per series.
PATCH_SIZES = {"ArrowHead": 4, "GunPoint": 3, "PickupGestureWiimoteZ": 4}


def as_patches(X, k, *, mean):
    """Each series as patches of ``k`` steps: side by side, or their mean (PAA)."""

    def one(series):
        series = series if series.ndim == 2 else series[:, np.newaxis]
        n_steps = len(series) // k * k
        patches = series[:n_steps].reshape(n_steps // k, k, series.shape[1])
        return patches.mean(axis=1) if mean else patches.reshape(n_steps // k, -1)

    patched = [one(series) for series in X]
    return patched if isinstance(X, list) else np.stack(patched)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument(
        "--params",
        type=json.loads,
        # The defaults of the recorded run, when the estimator read step by step.
        default={
            "bidirectional": True,
            "epochs": 100,
            "latent_dim": 8,
            "patch_size": 1,
        },
    )
    args = parser.parse_args()
    print(f"Machine: {describe_machine()}")
    print(f"Parameters: {json.dumps(args.params)}; seeds 0 to {args.seeds - 1}")
    print("| data set | input | ARI | NMI | accuracy | fit seconds |")
    print("|---|---|---|---|---|---|")
    with quiet_tensorflow():
        for name, k in PATCH_SIZES.items():
            X_train, y_train, X_test, y_test, _ = load_split(name)
            for label, mean in [
                ("steps as they are", None),
                (f"patches of {k} steps", False),
                (f"PAA, means of {k} steps", True),
            ]:
                if mean is None:
                    split = (X_train, y_train, X_test, y_test)
                else:
                    split = (
                        as_patches(X_train, k, mean=mean),
                        y_train,
                        as_patches(X_test, k, mean=mean),
                        y_test,
                    )
                rows = [
                    run_autoencoder(split, seed, args.params)
                    for seed in range(args.seeds)
                ]
                cells = " | ".join(
                    f"{np.mean([row[key] for row in rows]):.3f}"
                    for key in ("ari", "nmi", "accuracy", "fit_seconds")
                )
                print(f"| {name} | {label} | {cells} |", flush=True)


if __name__ == "__main__":
    main()
