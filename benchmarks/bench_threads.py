"""Oversubscription: GridSearchCV(n_jobs=2) with and without bounded TensorFlow threads.

joblib starts its loky workers with ``OMP_NUM_THREADS`` set to their share of
the cores, and sklearn-lstmae passes it on to TensorFlow's thread pools
(``sklearn_lstmae/_threads.py``). This benchmark runs the same grid search in
fresh processes, three ways, alternating their order over the rounds:

- ``n_jobs=1``: the sequential reference;
- ``n_jobs=2, unbounded``: TensorFlow's own pool sizes (the whole machine per
  worker), forced by setting its variables to 0, which TensorFlow reads as
  "choose yourself";
- ``n_jobs=2, bounded``: the package's default.

Run from the repository root::

    python benchmarks/bench_threads.py [--rounds 3] [--epochs 5]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

from common import describe_machine, recorded_command

SEARCH = """
import json, sys, time
import numpy as np
from sklearn.model_selection import GridSearchCV
from sklearn_lstmae import LSTMAutoencoderTransformer
from sklearn_lstmae.datasets import load_italy_power_demand

X, _ = load_italy_power_demand(return_X_y=True)
search = GridSearchCV(
    LSTMAutoencoderTransformer(epochs={epochs}, random_state=0),
    {{"latent_dim": [4, 8], "encoder_units": [32, 64]}},
    cv=2,
    n_jobs={n_jobs},
    refit=False,
)
start = time.perf_counter()
search.fit(X)
print(json.dumps(time.perf_counter() - start))
"""

CONFIGURATIONS = {
    "n_jobs=1": (1, {}),
    "n_jobs=2, unbounded": (
        2,
        {"TF_NUM_INTRAOP_THREADS": "0", "TF_NUM_INTEROP_THREADS": "0"},
    ),
    "n_jobs=2, bounded": (2, {}),
}


def run(n_jobs, extra_environment, epochs):
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("TF_NUM_", "OMP_NUM_THREADS"))
    }
    environment.update(extra_environment)
    result = subprocess.run(
        [sys.executable, "-c", SEARCH.format(epochs=epochs, n_jobs=n_jobs)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args()
    times = {name: [] for name in CONFIGURATIONS}
    names = list(CONFIGURATIONS)
    for round_index in range(args.rounds):
        # Rotate the order, so that drift of a shared machine hits every side.
        for name in names[round_index % 3 :] + names[: round_index % 3]:
            seconds = run(*CONFIGURATIONS[name], args.epochs)
            times[name].append(seconds)
            print(f"round {round_index + 1}: {name:<22}{seconds:8.1f} s", flush=True)
    print(f"\n{'configuration':<24}{'median (s)':>12}  all rounds (s)")
    for name, values in times.items():
        rounds = ", ".join(f"{value:.1f}" for value in values)
        print(f"{name:<24}{statistics.median(values):>12.1f}  {rounds}")
    ratio = statistics.median(times["n_jobs=2, bounded"]) / statistics.median(
        times["n_jobs=2, unbounded"]
    )
    print(f"\nbounded / unbounded: {ratio:.3f}")
    # After the rounds: describing the machine loads Keras, whose memory and
    # threads in this process would otherwise sit beside the timed ones.
    print(f"Machine: {describe_machine()}")
    print(f"Command: {recorded_command()}")


if __name__ == "__main__":
    main()
