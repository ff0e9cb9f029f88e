"""The main job on the shipped dataset: LSTM autoencoder features into KMeans.

Run it with ``python -m sklearn_lstmae.demo``. It clusters the ItalyPowerDemand
days into their two classes twice, on bottleneck features and on the raw
series, and prints the adjusted Rand index and normalized mutual information
of each against the true classes.
"""

import argparse
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.pipeline import make_pipeline

from ._quiet import quiet_tensorflow
from .datasets import load_italy_power_demand

__all__ = ["main"]


def main(argv=None):
    """Run the demo and print a table; ``argv`` as for :mod:`argparse`."""
    parser = argparse.ArgumentParser(
        prog="python -m sklearn_lstmae.demo", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--epochs", type=int, help="training epochs (default: the transformer's)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    args = parser.parse_args(argv)
    with quiet_tensorflow():
        _run(args)


def _run(args):
    # Imported here, inside quiet_tensorflow, because it loads TensorFlow.
    from ._transformer import LSTMAutoencoderTransformer

    X, y = load_italy_power_demand(return_X_y=True)
    n_clusters = len(np.unique(y))
    print(
        f"ItalyPowerDemand: {X.shape[0]} daily series of {X.shape[1]} hours, "
        f"{n_clusters} classes; KMeans with k={n_clusters}."
    )
    transformer = LSTMAutoencoderTransformer(random_state=args.seed)
    if args.epochs is not None:
        transformer.set_params(epochs=args.epochs)
    methods = {
        # The archive z-normalizes every series already: these are raw series.
        "KMeans on raw series": KMeans(n_clusters, n_init=10, random_state=args.seed),
        "LSTM autoencoder + KMeans": make_pipeline(
            transformer, KMeans(n_clusters, n_init=10, random_state=args.seed)
        ),
    }
    print(f"{'method':<28}{'ARI':>8}{'NMI':>8}{'seconds':>10}")
    for name, model in methods.items():
        start = time.perf_counter()
        labels = model.fit_predict(X)
        seconds = time.perf_counter() - start
        print(
            f"{name:<28}{adjusted_rand_score(y, labels):>8.3f}"
            f"{normalized_mutual_info_score(y, labels):>8.3f}{seconds:>10.1f}"
        )


if __name__ == "__main__":
    main()
