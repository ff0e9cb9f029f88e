"""The main job on a shipped dataset: LSTM autoencoder features against raw series.

Run it with ``python -m sklearn_lstmae.demo`` (or ``sklearn-lstmae demo``).
On BasicMotions (smart-watch recordings of four activities, 6 values per
step; ``--dataset italy_power_demand`` for the univariate ItalyPowerDemand),
with the archive's train/test split, it scores the bottleneck features of a
transformer at its defaults as ``benchmarks/bench_wide.py`` does, beside
raw-series baselines:

- the transformer is fitted on the training series only;
- k-means (k = number of classes) clusters all series, train and test, on
  their features; the clusters are scored against the classes with the
  adjusted Rand index (ARI) and normalized mutual information (NMI);
- a logistic regression trained on the training series' features labels the
  test series: accuracy;
- baselines: k-means on the raw series (ARI, NMI), one nearest neighbour in
  Euclidean distance on the raw series (accuracy), and tslearn's k-means under
  dynamic time warping (ARI, NMI) if tslearn is installed (the ``benchmark``
  extra).

With matplotlib installed, it also draws the bottleneck vectors coloured by
class, and a few test series beside their reconstructions, into
``--plots`` (default ``sklearn-lstmae-demo``), and says where.
"""

import argparse
import importlib.util
import time
from pathlib import Path

import numpy as np
from sklearn.neighbors import KNeighborsClassifier

from ._evaluation import cluster_agreement, evaluate_features, kmeans_agreement
from ._quiet import quiet_tensorflow
from .datasets import load_basic_motions, load_italy_power_demand

__all__ = ["main"]

DATASETS = {
    "basic_motions": (
        load_basic_motions,
        "BasicMotions: {n} smart-watch recordings of {steps} steps, {features} "
        "values per step (accelerometer and gyroscope, 3 axes each), {classes} "
        "activities",
    ),
    "italy_power_demand": (
        load_italy_power_demand,
        "ItalyPowerDemand: {n} daily series of {steps} hours, {classes} classes "
        "(winter and summer half of the year)",
    ),
}


def main(argv=None):
    """Run the demo and print a table; ``argv`` as for :mod:`argparse`."""
    parser = argparse.ArgumentParser(
        prog="python -m sklearn_lstmae.demo", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--dataset",
        choices=sorted(DATASETS),
        default="basic_motions",
        help="shipped dataset to run on (default: basic_motions)",
    )
    parser.add_argument(
        "--epochs", type=int, help="training epochs (default: the transformer's)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    parser.add_argument(
        "--plots",
        default="sklearn-lstmae-demo",
        help="folder for the pictures, if matplotlib is installed "
        "(default: sklearn-lstmae-demo)",
    )
    parser.add_argument("--no-plots", action="store_true", help="draw no pictures")
    args = parser.parse_args(argv)
    with quiet_tensorflow():
        _run(args)


def _run(args):
    load, description = DATASETS[args.dataset]
    train, test = load(subset="train"), load(subset="test")
    X_train, y_train, X_test, y_test = train.data, train.target, test.data, test.target
    X_all, y_all = np.concatenate([X_train, X_test]), np.concatenate([y_train, y_test])
    n_features = X_all.shape[2] if X_all.ndim == 3 else 1
    print(
        description.format(
            n=len(X_all),
            steps=X_all.shape[1],
            features=n_features,
            classes=len(train.target_names),
        )
        + f"; {len(X_train)} to train on, {len(X_test)} to test on."
    )
    print(
        "Clusters: k-means on all series, scored against the classes. "
        "Accuracy: trained on the train series, scored on the test series."
    )
    print(f"{'method':<38}{'ARI':>8}{'NMI':>8}{'accuracy':>10}{'seconds':>9}")
    flat_all, flat_train, flat_test = (
        X.reshape(len(X), -1) for X in (X_all, X_train, X_test)
    )
    raw = _report(
        "KMeans on raw series",
        lambda: kmeans_agreement(flat_all, y_all, random_state=args.seed),
    )
    _report("TimeSeriesKMeans (DTW) on raw series", lambda: _dtw(X_all, y_all, args))
    nearest = _report(
        "1-NN Euclidean on raw series",
        lambda: {
            "accuracy": float(
                KNeighborsClassifier(n_neighbors=1)
                .fit(flat_train, y_train)
                .score(flat_test, y_test)
            )
        },
    )
    fitted = {}
    features = _report(
        "LSTM autoencoder features",
        lambda: _autoencoder(X_train, y_train, X_test, y_test, args, fitted),
    )
    print(
        f"\nWithout labels, k-means on the autoencoder's features groups the series "
        f"into the classes with ARI {features['ari']:.2f}, against "
        f"{raw['ari']:.2f} on the raw series (1 is a perfect match, 0 chance). "
        f"With labels, a logistic regression on the features, trained on the "
        f"{len(X_train)} training series, labels {features['accuracy']:.0%} of the "
        f"test series right, against {nearest['accuracy']:.0%} for the nearest "
        "neighbour on the raw series."
    )
    if not args.no_plots:
        _draw(
            fitted["transformer"],
            X_all,
            y_all,
            X_test,
            y_test,
            train.target_names,
            args,
        )


def _autoencoder(X_train, y_train, X_test, y_test, args, fitted):
    # Imported here, inside quiet_tensorflow, because it loads TensorFlow.
    from ._transformer import LSTMAutoencoderTransformer

    transformer = LSTMAutoencoderTransformer(random_state=args.seed)
    if args.epochs is not None:
        transformer.set_params(epochs=args.epochs)
    transformer.fit(X_train)
    fitted["transformer"] = transformer
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
    ).fit_predict(X if X.ndim == 3 else X[:, :, np.newaxis])
    return cluster_agreement(y, clusters)


def _draw(transformer, X_all, y_all, X_test, y_test, target_names, args):
    if importlib.util.find_spec("matplotlib") is None:
        print("No pictures: they need matplotlib (pip install matplotlib).")
        return
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .plotting import plot_embedding, plot_reconstructions

    folder = Path(args.plots)
    folder.mkdir(parents=True, exist_ok=True)
    ax = plot_embedding(transformer, X_all, np.asarray(target_names)[y_all])
    ax.set_title("Bottleneck vectors of all series, by class")
    embedding = folder / "embedding.png"
    ax.figure.savefig(embedding, dpi=100)
    # The first test series of each class, up to four classes.
    classes, first = np.unique(y_test, return_index=True)
    shown = first[:4]
    axes = plot_reconstructions(transformer, X_test[shown], n_sequences=len(shown))
    for ax, label in zip(axes, classes[:4], strict=True):
        ax.set_title(f"a test series of class {target_names[label]}")
    axes[0].figure.suptitle("Feature 0 of test series (solid), reconstructed (dashed)")
    reconstructions = folder / "reconstructions.png"
    axes[0].figure.savefig(reconstructions, dpi=100)
    plt.close("all")
    print(f"Pictures: {embedding} and {reconstructions}.")


def _report(name, score):
    """Print one row: the scores ``score()`` returns, and how long it took."""
    start = time.perf_counter()
    scores = score()
    seconds = time.perf_counter() - start
    if scores is None:
        print(f"{name:<38}  skipped: needs tslearn (the benchmark extra)")
        return None
    cells = [
        # Adding 0.0 turns a -0.0 from rounding into 0.0, printed without a sign.
        f"{round(scores[key], 3) + 0.0:.3f}" if key in scores else "-"
        for key in ("ari", "nmi", "accuracy")
    ]
    print(f"{name:<38}{cells[0]:>8}{cells[1]:>8}{cells[2]:>10}{seconds:>9.1f}")
    return scores


if __name__ == "__main__":
    main()
