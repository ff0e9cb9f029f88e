"""How much the README's first example depends on the seed, on ItalyPowerDemand.

For each transformer seed and bottleneck size, the transformer is fitted on
the 67 training days inside ``make_pipeline(transformer, LogisticRegression())``
(the README's first example), and scored:

- accuracy on the 1029 test days;
- k-means (k = 2) on the features of all 1096 days, against the seasons
  (adjusted Rand index): with ten starts, as the README advises, and with one
  start for each of six k-means seeds (``KMeans(2)``'s default of one start
  for k-means++), which shows how often a single start misses the seasons.

Run from the repository root::

    python benchmarks/probe_italy_power.py [--seeds 0,1,2,3,4] [--latent-dims 8,16]

One JSON line per fit goes to stdout, and all of them with the machine to
``benchmarks/results/italy_power_seeds.json``.
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
from common import describe_machine, recorded_command
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score
from sklearn.pipeline import make_pipeline

from sklearn_lstmae._quiet import quiet_tensorflow
from sklearn_lstmae.datasets import load_italy_power_demand

RESULTS = Path(__file__).parent / "results" / "italy_power_seeds.json"
SINGLE_START_SEEDS = range(6)


def probe(seed, latent_dim, data):
    """Accuracy and k-means agreement of one fit."""
    from sklearn_lstmae import LSTMAutoencoderTransformer

    X_train, y_train, X_test, y_test = data
    X_all, y_all = np.concatenate([X_train, X_test]), np.concatenate([y_train, y_test])
    start = time.perf_counter()
    clf = make_pipeline(
        LSTMAutoencoderTransformer(latent_dim=latent_dim, random_state=seed),
        LogisticRegression(),
    )
    accuracy = clf.fit(X_train, y_train).score(X_test, y_test)
    fit_seconds = time.perf_counter() - start
    Z = clf[0].transform(X_all)

    def ari(kmeans):
        return round(float(adjusted_rand_score(y_all, kmeans.fit_predict(Z))), 3)

    return {
        "seed": seed,
        "latent_dim": latent_dim,
        "accuracy": round(float(accuracy), 4),
        "kmeans_10_starts_ari": ari(KMeans(2, n_init=10, random_state=0)),
        "kmeans_1_start_ari": [
            ari(KMeans(2, n_init=1, random_state=r)) for r in SINGLE_START_SEEDS
        ],
        "fit_seconds": round(fit_seconds, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--latent-dims", default="8,16")
    args = parser.parse_args()
    data = (
        *load_italy_power_demand(subset="train", return_X_y=True),
        *load_italy_power_demand(subset="test", return_X_y=True),
    )
    rows = []
    with quiet_tensorflow():
        for seed in map(int, args.seeds.split(",")):
            for latent_dim in map(int, args.latent_dims.split(",")):
                rows.append(probe(seed, latent_dim, data))
                print(json.dumps(rows[-1]), flush=True)
    RESULTS.write_text(
        json.dumps(
            {
                "machine": describe_machine(),
                "command": recorded_command(),
                "rows": rows,
            },
            indent=1,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
