"""Baselines for the real-data benchmarks: what the series give without an LSTM.

Features learned by the autoencoder are worth their training only if they beat
what the series give without it. Each baseline here runs on a
``real_datasets.Split`` into a row of ``common.COLUMNS``; the clusterings
cluster train and test series together (k = number of classes), the
classifiers train on the train split and score on the test split:

- "KMeans on raw series", :func:`run_kmeans_on_raw`: k-means on all series
  resampled to their median length, z-normalized channel by channel and
  flattened (:func:`raw_features`): ARI and NMI;
- "TimeSeriesKMeans (DTW)", :func:`run_dtw_kmeans`: tslearn's k-means under
  dynamic time warping on all z-normalized series at their own lengths (or
  at most :data:`ELASTIC_MAX_LENGTH` steps, as ``bench_wide.py`` bounds
  them): ARI and NMI;
- "KShape", :func:`run_kshape`: tslearn's k-Shape (shape-based distance, a
  normalized cross-correlation) on the vectors of k-means: ARI and NMI;
- "1-NN Euclidean on raw series", :func:`run_nearest_neighbor`: the nearest
  train series in Euclidean distance, on the same vectors, labels each test
  series: accuracy. Deterministic, so not seeded;
- "1-NN DTW on raw series", :func:`run_nearest_neighbor_dtw`: the same under
  DTW, with aeon's numba distances on the z-normalized series at their own
  lengths, in a Sakoe-Chiba window of :data:`DTW_WINDOW` of the length:
  accuracy. Deterministic;
- "PCA + KMeans / LogisticRegression", :func:`run_pca_features`: PCA with as
  many components as the autoencoder's ``latent_dim``, fitted on the train
  split's vectors of k-means, its features scored as the autoencoder's are by
  ``common.score_features``: ARI, NMI and accuracy;
- "MiniRocket + KMeans / RidgeClassifierCV", :func:`run_minirocket`: aeon's
  MiniRocket features (about 10,000 of each series), standardized, into
  k-means (ARI and NMI) and into a ridge classifier (accuracy), the
  convolutional state of the art that the autoencoder's gap is stated to.

Their "fit_seconds" is the time from the loaded series to the clusters and
predictions. They do not depend on the autoencoder, so scripts that compare
configurations of it read the rows that a full run recorded
(:func:`read_recorded_baselines`) rather than recompute them: DTW k-means
takes minutes. tslearn and aeon are imported only when a baseline that needs
them runs.
"""

import json
import time
from typing import NamedTuple

import numpy as np
from common import (
    RESULTS_DIR,
    average_over_datasets,
    average_table,
    display_path,
    import_optional,
    per_dataset_table,
    score_features,
    select_rows,
)
from sklearn.decomposition import PCA
from sklearn.linear_model import RidgeClassifierCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_lstmae._evaluation import cluster_agreement, kmeans_agreement

__all__ = [
    "BASELINES",
    "DTW_KMEANS",
    "DTW_WINDOW",
    "ELASTIC_MAX_LENGTH",
    "KMEANS_ON_RAW",
    "KSHAPE",
    "MINIROCKET",
    "NEAREST_NEIGHBOR",
    "NEAREST_NEIGHBOR_DTW",
    "PCA_FEATURES",
    "QUALITY_RESULTS",
    "RecordedBaselines",
    "WIDE_BASELINES",
    "dtw_kmeans_agreement",
    "median_length",
    "nearest_neighbor_accuracy",
    "raw_features",
    "raw_split_features",
    "read_recorded_baselines",
    "recorded_baselines_tables",
    "recorded_or_computed",
    "resample",
    "run_dtw_kmeans",
    "run_kmeans_on_raw",
    "run_kshape",
    "run_minirocket",
    "run_nearest_neighbor",
    "run_nearest_neighbor_dtw",
    "run_pca_features",
    "shortened",
    "znormalize",
]

KMEANS_ON_RAW = "KMeans on raw series"
DTW_KMEANS = "TimeSeriesKMeans (DTW)"
KSHAPE = "KShape"
NEAREST_NEIGHBOR = "1-NN Euclidean on raw series"
NEAREST_NEIGHBOR_DTW = "1-NN DTW on raw series"
PCA_FEATURES = "PCA + KMeans / LogisticRegression"
MINIROCKET = "MiniRocket + KMeans / RidgeClassifierCV"
# bench_quality.py's baselines, which the scripts built on it read.
BASELINES = (KMEANS_ON_RAW, DTW_KMEANS, NEAREST_NEIGHBOR)
# bench_wide.py's baselines, in the order of its tables.
WIDE_BASELINES = (
    KMEANS_ON_RAW,
    DTW_KMEANS,
    KSHAPE,
    NEAREST_NEIGHBOR,
    NEAREST_NEIGHBOR_DTW,
    PCA_FEATURES,
    MINIROCKET,
)
# DTW k-means and k-Shape read each series longer resampled to this length
# (shortened). Measured on the 2-core VM, one seed: DTW k-means took over 9
# minutes on PLAID at 256 steps (tslearn's per-pair Python overhead grows
# with the padded length), 110 s at 128; on PigCVP 150 s at 256, 53 s at 128.
# k-Shape took 230 s on ACSF1's 1460 steps and over 5 minutes on PigCVP at 512.
ELASTIC_MAX_LENGTH = 128
# 1-NN DTW's Sakoe-Chiba window, a fraction of the length: the archive's usual
# bound, which also keeps PigCVP's 2000 steps affordable.
DTW_WINDOW = 0.1
# bench_quality.py's default output: the baselines' rows that others read.
QUALITY_RESULTS = RESULTS_DIR / "quality.json"


def znormalize(series):
    """Zero mean and unit variance over time, channel by channel.

    A constant channel is only centred, rather than divided by zero.

    Examples
    --------
    >>> import numpy as np
    >>> znormalize(np.array([1.0, 2.0, 3.0])).round(3).tolist()
    [-1.225, 0.0, 1.225]
    """
    std = series.std(axis=0)
    return (series - series.mean(axis=0)) / np.where(std > 0, std, 1.0)


def resample(series, length):
    """Linear interpolation of ``(T,)`` or ``(T, n_channels)`` onto ``length``.

    Examples
    --------
    >>> import numpy as np
    >>> resample(np.array([0.0, 1.0]), 3).tolist()
    [0.0, 0.5, 1.0]
    """
    if len(series) == length:
        return series
    old = np.linspace(0.0, 1.0, len(series))
    new = np.linspace(0.0, 1.0, length)
    if series.ndim == 1:
        return np.interp(new, old, series)
    return np.stack([np.interp(new, old, channel) for channel in series.T], axis=1)


def median_length(X):
    """The median number of steps of the series, rounded down to an int."""
    return int(np.median([len(series) for series in X]))


def raw_features(X, length):
    """The series as fixed-length vectors, for baselines without a model.

    Each series is resampled to ``length`` steps, z-normalized channel by
    channel and flattened, so that Euclidean distance compares shapes rather
    than levels and amplitudes, as the UCR archive's z-normalized series do.

    Parameters
    ----------
    X : ndarray or list of ndarray
        Series of shape ``(T_i,)`` or ``(T_i, n_channels)``.

    length : int
        Steps to resample every series to, e.g. :func:`median_length`.

    Returns
    -------
    ndarray of shape (n_series, length * n_channels)

    Examples
    --------
    >>> import numpy as np
    >>> raw_features([np.array([0.0, 2.0]), np.array([0.0, 1.0, 2.0])], 3).tolist()
    [[-1.224..., 0.0, 1.224...], [-1.224..., 0.0, 1.224...]]
    """
    return np.stack([znormalize(resample(series, length)).ravel() for series in X])


def raw_split_features(split):
    """:func:`raw_features` of the train and test series of ``split``.

    One length for both splits, the median over all series as for k-means:
    lengths are not labels, so the test series may set it.

    Returns
    -------
    features_train, features_test : ndarray of shape (n_series, n_features)
    """
    features = raw_features(split.X_all, median_length(split.X_all))
    n_train = len(split.y_train)
    return features[:n_train], features[n_train:]


def dtw_kmeans_agreement(X, y, *, max_iter, random_state):
    """Cluster series with tslearn's k-means under DTW; score the clusters.

    Parameters
    ----------
    X : ndarray or list of ndarray
        Series of shape ``(T_i,)`` or ``(T_i, n_channels)``, z-normalized here
        at their own lengths and padded with NaN by
        ``tslearn.utils.to_time_series_dataset``, as tslearn expects.

    y : array-like of shape (n_series,)
        Their class labels, which set k and score the clusters.

    max_iter : int
        Iterations of k-means; each recomputes DTW barycenters, the cost that
        makes this baseline slow on long series.

    random_state : int
        Seeds the initialisations (2 of them).

    Returns
    -------
    dict of str to float
        ``cluster_agreement`` of the clusters with the classes: ARI and NMI.
    """
    clustering = import_optional("tslearn.clustering", "DTW k-means")
    utils = import_optional("tslearn.utils", "DTW k-means")
    clusters = clustering.TimeSeriesKMeans(
        n_clusters=len(np.unique(y)),
        metric="dtw",
        max_iter=max_iter,
        n_init=2,
        random_state=random_state,
    ).fit_predict(utils.to_time_series_dataset([znormalize(series) for series in X]))
    return cluster_agreement(y, clusters)


def nearest_neighbor_accuracy(F_train, y_train, F_test, y_test):
    """Test accuracy of one nearest neighbour in Euclidean distance.

    Parameters
    ----------
    F_train, F_test : array-like of shape (n_series, n_features)
        Fixed-length vectors of the train and test series, e.g.
        :func:`raw_features`.

    y_train, y_test : array-like of shape (n_series,)
        Their class labels.

    Returns
    -------
    float

    Examples
    --------
    >>> nearest_neighbor_accuracy([[0.0], [5.0]], [0, 1], [[1.0], [4.0]], [0, 0])
    0.5
    """
    classifier = KNeighborsClassifier(n_neighbors=1).fit(F_train, y_train)
    return float(classifier.score(F_test, y_test))


def run_kmeans_on_raw(split, *, seed):
    """ARI, NMI and seconds of k-means on all raw series of ``split``.

    Parameters
    ----------
    split : real_datasets.Split
        Train and test series are clustered together.

    seed : int
        Seeds k-means.

    Returns
    -------
    dict of str to float
    """
    start = time.perf_counter()
    features = raw_features(split.X_all, median_length(split.X_all))
    scores = kmeans_agreement(features, split.y_all, random_state=seed)
    return {**scores, "fit_seconds": time.perf_counter() - start}


def run_dtw_kmeans(split, *, seed, max_iter, max_length=None):
    """ARI, NMI and seconds of DTW k-means on all series of ``split``.

    Parameters
    ----------
    split : real_datasets.Split
        Train and test series are clustered together.

    seed : int
        Seeds k-means.

    max_iter : int
        Iterations of k-means, as :func:`dtw_kmeans_agreement` takes them.

    max_length : int, default=None
        If given, each series longer is first resampled to this many steps
        (:func:`shortened`), e.g. :data:`ELASTIC_MAX_LENGTH`.

    Returns
    -------
    dict of str to float
    """
    start = time.perf_counter()
    scores = dtw_kmeans_agreement(
        shortened(split.X_all, max_length),
        split.y_all,
        max_iter=max_iter,
        random_state=seed,
    )
    return {**scores, "fit_seconds": time.perf_counter() - start}


def shortened(X, max_length):
    """The series, each longer than ``max_length`` resampled to that length.

    DTW costs the product of two series' lengths, and DTW k-means' barycenters
    are as long as the longest series: bounding the length bounds the cost of
    the elastic baselines on series of thousands of steps.

    Parameters
    ----------
    X : ndarray or list of ndarray
        Series of shape ``(T_i,)`` or ``(T_i, n_channels)``.

    max_length : int or None
        The longest length kept; None keeps every series as it is.

    Returns
    -------
    list of ndarray

    Examples
    --------
    >>> import numpy as np
    >>> [len(series) for series in shortened([np.zeros(3), np.zeros(9)], 5)]
    [3, 5]
    """
    if max_length is None:
        return list(X)
    return [resample(series, min(len(series), max_length)) for series in X]


def run_nearest_neighbor(split):
    """Test accuracy and seconds of 1-NN on the raw series of ``split``.

    Returns
    -------
    dict of str to float
    """
    start = time.perf_counter()
    features_train, features_test = raw_split_features(split)
    accuracy = nearest_neighbor_accuracy(
        features_train, split.y_train, features_test, split.y_test
    )
    return {"accuracy": accuracy, "fit_seconds": time.perf_counter() - start}


def run_kshape(split, *, seed, max_length=None):
    """ARI, NMI and seconds of tslearn's k-Shape on all series of ``split``.

    k-Shape needs one length: it reads the vectors of :func:`run_kmeans_on_raw`
    (resampled to the median length, z-normalized as it expects), one
    initialisation seeded by ``seed``, at most 100 iterations.

    Parameters
    ----------
    split : real_datasets.Split
        The data set, whose train and test series k-Shape clusters together.

    seed : int
        Seeds k-Shape's initialisation.

    max_length : int, default=None
        If given, the length resampled to is at most this, e.g.
        :data:`ELASTIC_MAX_LENGTH`: each iteration's shape extraction costs
        the cube of the length per cluster.

    Returns
    -------
    dict of str to float
    """
    clustering = import_optional("tslearn.clustering", "KShape")
    start = time.perf_counter()
    length = median_length(split.X_all)
    if max_length is not None:
        length = min(length, max_length)
    series = raw_features(split.X_all, length).reshape(len(split.y_all), length, -1)
    clusters = clustering.KShape(
        n_clusters=len(np.unique(split.y_all)), random_state=seed
    ).fit_predict(series)
    scores = cluster_agreement(split.y_all, clusters)
    return {**scores, "fit_seconds": time.perf_counter() - start}


def run_nearest_neighbor_dtw(split):
    """Test accuracy and seconds of 1-NN under DTW on the series of ``split``.

    aeon's ``KNeighborsTimeSeriesClassifier`` compares the z-normalized series
    at their own lengths, each warped within a Sakoe-Chiba band of
    :data:`DTW_WINDOW` times its length. Deterministic, so not seeded.

    Returns
    -------
    dict of str to float
    """
    neighbors = import_optional("aeon.classification.distance_based", "1-NN DTW")
    start = time.perf_counter()
    classifier = neighbors.KNeighborsTimeSeriesClassifier(
        n_neighbors=1, distance="dtw", distance_params={"window": DTW_WINDOW}
    )
    classifier.fit(_aeon_collection(split.X_train), split.y_train)
    accuracy = classifier.score(_aeon_collection(split.X_test), split.y_test)
    return {"accuracy": float(accuracy), "fit_seconds": time.perf_counter() - start}


def _aeon_collection(X):
    """Z-normalized series, channels first as aeon reads them: one array if
    they have one length, else a list."""
    series = [np.atleast_2d(znormalize(one).T) for one in X]
    if len({one.shape for one in series}) == 1:
        return np.stack(series)
    return series


def run_pca_features(split, *, seed, n_components):
    """ARI, NMI, accuracy and seconds of PCA's features of the series of ``split``.

    PCA is fitted on the train split's vectors of :func:`run_kmeans_on_raw`
    and transforms those of both splits; ``common.score_features`` scores
    its features as the autoencoder's, with the README's protocol: k-means
    and a logistic regression directly on them.

    Parameters
    ----------
    split : real_datasets.Split

    seed : int
        Seeds k-means.

    n_components : int
        PCA's components: the autoencoder's ``latent_dim``, so that both give
        as many features.

    Returns
    -------
    dict of str to float
    """
    start = time.perf_counter()
    features_train, features_test = raw_split_features(split)
    pca = PCA(n_components=n_components).fit(features_train)
    scores = score_features(
        pca.transform(features_train),
        split.y_train,
        pca.transform(features_test),
        split.y_test,
        seed=seed,
    )
    return {**scores, "fit_seconds": time.perf_counter() - start}


def run_minirocket(split, *, seed):
    """ARI, NMI, accuracy and seconds of MiniRocket's features of ``split``.

    aeon's ``MiniRocket`` (10,000 kernels, ``random_state=seed``) is fitted on
    the train series as given, resampled to the median length where lengths
    differ (it needs one); it transforms both splits. Its features,
    standardized, go into k-means on all series (ARI and NMI) and into a
    ``RidgeClassifierCV`` over ten alphas from 1e-3 to 1e3 trained on the
    train split (accuracy), as aeon's ``MiniRocketClassifier`` does.

    Returns
    -------
    dict of str to float
    """
    convolution = import_optional(
        "aeon.transformations.collection.convolution_based", "MiniRocket"
    )
    start = time.perf_counter()
    length = median_length(split.X_all)
    series = np.stack([resample(one, length) for one in split.X_all])
    # aeon's layout: (n_series, n_channels, n_steps).
    series = series[:, np.newaxis] if series.ndim == 2 else series.transpose(0, 2, 1)
    n_train = len(split.y_train)
    minirocket = convolution.MiniRocket(random_state=seed).fit(series[:n_train])
    features = minirocket.transform(series)
    scores = kmeans_agreement(
        StandardScaler().fit_transform(features), split.y_all, random_state=seed
    )
    ridge = make_pipeline(
        StandardScaler(), RidgeClassifierCV(alphas=np.logspace(-3, 3, 10))
    ).fit(features[:n_train], split.y_train)
    scores["accuracy"] = float(ridge.score(features[n_train:], split.y_test))
    return {**scores, "fit_seconds": time.perf_counter() - start}


class RecordedBaselines(NamedTuple):
    """The baselines' rows as ``bench_quality.py`` recorded them."""

    rows: list
    """Every recorded seed of each baseline on each of the data sets asked for."""

    description: str
    """One line that says where the rows were read, and how they were made."""


def read_recorded_baselines(path, datasets, methods=BASELINES):
    """The baselines' rows for ``datasets`` from a full run's raw results.

    Parameters
    ----------
    path : pathlib.Path
        The raw results of a run that computed the baselines, such as
        :data:`QUALITY_RESULTS` (``bench_quality.py``) or those of
        ``bench_wide.py``.

    datasets : iterable of str
        Data sets whose rows are wanted; every one of ``methods`` must have
        rows for each of them.

    methods : iterable of str, default=BASELINES
        The baselines wanted.

    Returns
    -------
    RecordedBaselines
        The rows, and the report's line about them.

    Raises
    ------
    SystemExit
        If ``path`` is missing or lacks rows, so that a run fails before its
        fits rather than after them.
    """
    if not path.exists():
        raise SystemExit(
            f"{display_path(path)} does not exist: run the benchmark without "
            "--skip-baselines first, or point to its output."
        )
    reference = json.loads(path.read_text())
    rows = [
        row
        for row in reference["results"]
        if row["method"] in methods and row["dataset"] in datasets
    ]
    missing = sorted(
        (name, method)
        for name in datasets
        for method in methods
        if not select_rows(rows, dataset=name, method=method)
    )
    if missing:
        raise SystemExit(f"{display_path(path)} has no rows for {missing}")
    # PCA's components follow the autoencoder's latent_dim of that run.
    pca = (
        f"; PCA components {reference['parameters']['latent_dim']}"
        if PCA_FEATURES in methods
        else ""
    )
    description = (
        f"Baselines: read from {display_path(path)}, not recomputed (its command: "
        f"{reference['command']}; DTW max_iter {reference['dtw_max_iter']}{pca}; "
        f"seeds 0 to {reference['seeds'] - 1})"
    )
    return RecordedBaselines(rows, description)


def recorded_or_computed(skip_baselines, path, datasets, methods, description):
    """The baselines' rows that a run adds to its own, and the report's line.

    Parameters
    ----------
    skip_baselines : bool
        Whether the run reads the baselines rather than computes them.

    path, datasets, methods
        Where to read them, as :func:`read_recorded_baselines` takes them.

    description : str
        The report's line on the baselines if the run computes them.

    Returns
    -------
    RecordedBaselines
        Those read from ``path`` if ``skip_baselines``, else no rows and
        ``description``. Call it before the fits, so that a missing file or
        data set fails early.
    """
    if skip_baselines:
        return read_recorded_baselines(path, datasets, methods)
    return RecordedBaselines([], description)


def recorded_baselines_tables(rows, baseline_rows, methods, datasets, *, header):
    """ARI and accuracy per data set beside the recorded baselines, and theirs.

    For scripts that compare the autoencoder with itself and read the
    baselines (:func:`read_recorded_baselines`) rather than run them.

    Parameters
    ----------
    rows : list of dict
        The run's rows.

    baseline_rows : list of dict
        The baselines' recorded rows on ``datasets``.

    methods : sequence of str
        The methods of ``rows``, in table order.

    datasets : sequence of str
        The data sets, in column order.

    header : str
        What the methods are, for the first column's header.

    Returns
    -------
    list of str
        A table of ARI and one of accuracy per method and data set (mean over
        seeds; the baselines' rows marked with a star), then the baselines'
        average over ``datasets``.
    """
    lines = []
    for metric, label, baselines in (
        ("ari", "ARI", (KMEANS_ON_RAW, DTW_KMEANS)),
        ("accuracy", "Accuracy", (NEAREST_NEIGHBOR,)),
    ):
        lines += [
            f"{label} per data set (mean over seeds; baselines from "
            "--reference, marked *):",
            *per_dataset_table(
                [*rows, *baseline_rows],
                metric,
                [*methods, *baselines],
                datasets,
                header=header,
                marked=baselines,
            ),
            "",
        ]
    return [
        *lines,
        "Baselines from --reference:",
        *average_table(average_over_datasets(baseline_rows, BASELINES)),
    ]
