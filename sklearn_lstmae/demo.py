"""The main job on the shipped dataset: LSTM autoencoder features against raw series.

Run it with ``python -m sklearn_lstmae.demo``. On ItalyPowerDemand, with the
archive's train/test split, it scores the bottleneck features of a transformer
at its defaults as ``benchmarks/bench_quality.py`` does, beside the raw-series
baselines:

- the transformer is fitted on the training series only;
- k-means (k = 2 classes) clusters all series, train and test, on the
  standardized features; the clusters are scored against the classes with the
  adjusted Rand index (ARI) and normalized mutual information (NMI);
- a logistic regression trained on the training series' features labels the
  test series: accuracy;
- baselines: k-means on the raw series (ARI, NMI), one nearest neighbour in
  Euclidean distance on the raw series (accuracy), and tslearn's k-means under
  dynamic time warping (ARI, NMI) if tslearn is installed (the ``benchmark``
  extra).
"""

import argparse
import importlib.util
import time

import numpy as np
from sklearn.neighbors import KNeighborsClassifier

from ._evaluation import cluster_agreement, evaluate_features, kmeans_agreement
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
    X_train, y_train = load_italy_power_demand(subset="train", return_X_y=True)
    X_test, y_test = load_italy_power_demand(subset="test", return_X_y=True)
    X_all, y_all = np.concatenate([X_train, X_test]), np.concatenate([y_train, y_test])
    print(
        f"ItalyPowerDemand: {len(X_all)} daily series of {X_all.shape[1]} hours, "
        f"{len(np.unique(y_all))} classes; {len(X_train)} to train on, "
        f"{len(X_test)} to test on."
    )
    print(
        "Clusters: k-means on all series, scored against the classes. "
        "Accuracy: trained on the train series, scored on the test series."
    )
    print(f"{'method':<38}{'ARI':>8}{'NMI':>8}{'accuracy':>10}{'seconds':>9}")
    # The archive z-normalizes every series already: these are raw series.
    _report(
        "KMeans on raw series",
        lambda: kmeans_agreement(X_all, y_all, random_state=args.seed),
    )
    _report("TimeSeriesKMeans (DTW) on raw series", lambda: _dtw(X_all, y_all, args))
    _report(
        "1-NN Euclidean on raw series",
        lambda: {
            "accuracy": float(
                KNeighborsClassifier(n_neighbors=1)
                .fit(X_train, y_train)
                .score(X_test, y_test)
            )
        },
    )
    _report(
        "LSTM autoencoder features",
        lambda: _autoencoder(X_train, y_train, X_test, y_test, args),
    )


def _autoencoder(X_train, y_train, X_test, y_test, args):
    # Imported here, inside quiet_tensorflow, because it loads TensorFlow.
    from ._transformer import LSTMAutoencoderTransformer

    transformer = LSTMAutoencoderTransformer(random_state=args.seed)
    if args.epochs is not None:
        transformer.set_params(epochs=args.epochs)
    transformer.fit(X_train)
    return evaluate_features(
        transformer.transform(X_train),
        y_train,
        transformer.transform(X_test),
        y_test,
        random_state=args.seed,
    )


def _dtw(X, y, args):
    if importlib.util.find_spec("tslearn") is None:
        return None
    from tslearn.clustering import TimeSeriesKMeans

    clusters = TimeSeriesKMeans(
        n_clusters=len(np.unique(y)),
        metric="dtw",
        max_iter=10,
        n_init=2,
        random_state=args.seed,
    ).fit_predict(X[:, :, np.newaxis])
    return cluster_agreement(y, clusters)


def _report(name, score):
    """Print one row: the scores ``score()`` returns, and how long it took."""
    start = time.perf_counter()
    scores = score()
    seconds = time.perf_counter() - start
    if scores is None:
        print(f"{name:<38}  skipped: needs tslearn (the benchmark extra)")
        return
    cells = [
        # Adding 0.0 turns a -0.0 from rounding into 0.0, printed without a sign.
        f"{round(scores[key], 3) + 0.0:.3f}" if key in scores else "-"
        for key in ("ari", "nmi", "accuracy")
    ]
    print(f"{name:<38}{cells[0]:>8}{cells[1]:>8}{cells[2]:>10}{seconds:>9.1f}")


if __name__ == "__main__":
    main()
