"""Raw-series baselines for the real-data benchmarks.

Features learned by the autoencoder are worth their training only if they beat
what the series give without it. The baselines here read the series directly,
each run on a ``real_datasets.Split`` into a row of ``common.COLUMNS``:

- "KMeans on raw series", :func:`run_kmeans_on_raw`: k-means, k = number of
  classes, on all series resampled to their median length, z-normalized
  channel by channel and flattened (:func:`raw_features`): ARI and NMI;
- "TimeSeriesKMeans (DTW)", :func:`run_dtw_kmeans`: tslearn's k-means under
  dynamic time warping on all z-normalized series at their own lengths: ARI
  and NMI;
- "1-NN Euclidean on raw series", :func:`run_nearest_neighbor`: the nearest
  train series in Euclidean distance, on the same vectors, labels each test
  series: accuracy. Deterministic, so not seeded.

Their "fit_seconds" is the time from the loaded series to the clusters or
predictions. They do not depend on the autoencoder, so scripts that compare
configurations of it read the rows that ``bench_quality.py`` recorded
(:func:`read_recorded_baselines`) rather than recompute them: DTW k-means
takes minutes. tslearn is imported only when DTW k-means runs.
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
    per_dataset_table,
    select_rows,
)
from sklearn.neighbors import KNeighborsClassifier

from sklearn_lstmae._evaluation import cluster_agreement, kmeans_agreement

__all__ = [
    "BASELINES",
    "DTW_KMEANS",
    "KMEANS_ON_RAW",
    "NEAREST_NEIGHBOR",
    "QUALITY_RESULTS",
    "RecordedBaselines",
    "dtw_kmeans_agreement",
    "median_length",
    "nearest_neighbor_accuracy",
    "raw_features",
    "read_recorded_baselines",
    "recorded_baselines_tables",
    "resample",
    "run_dtw_kmeans",
    "run_kmeans_on_raw",
    "run_nearest_neighbor",
    "znormalize",
]

KMEANS_ON_RAW = "KMeans on raw series"
DTW_KMEANS = "TimeSeriesKMeans (DTW)"
NEAREST_NEIGHBOR = "1-NN Euclidean on raw series"
BASELINES = (KMEANS_ON_RAW, DTW_KMEANS, NEAREST_NEIGHBOR)
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
    try:
        from tslearn.clustering import TimeSeriesKMeans
        from tslearn.utils import to_time_series_dataset
    except ImportError as error:
        raise ImportError(
            'DTW k-means needs tslearn: pip install "sklearn-lstmae[benchmark]"'
        ) from error
    clusters = TimeSeriesKMeans(
        n_clusters=len(np.unique(y)),
        metric="dtw",
        max_iter=max_iter,
        n_init=2,
        random_state=random_state,
    ).fit_predict(to_time_series_dataset([znormalize(series) for series in X]))
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


def run_dtw_kmeans(split, *, seed, max_iter):
    """ARI, NMI and seconds of DTW k-means on all series of ``split``.

    Parameters
    ----------
    split : real_datasets.Split
        Train and test series are clustered together.

    seed : int
        Seeds k-means.

    max_iter : int
        Iterations of k-means, as :func:`dtw_kmeans_agreement` takes them.

    Returns
    -------
    dict of str to float
    """
    start = time.perf_counter()
    scores = dtw_kmeans_agreement(
        split.X_all, split.y_all, max_iter=max_iter, random_state=seed
    )
    return {**scores, "fit_seconds": time.perf_counter() - start}


def run_nearest_neighbor(split):
    """Test accuracy and seconds of 1-NN on the raw series of ``split``.

    Returns
    -------
    dict of str to float
    """
    start = time.perf_counter()
    # One length for both splits, the median over all series as for k-means;
    # lengths are not labels, so the test series may set it.
    features = raw_features(split.X_all, median_length(split.X_all))
    n_train = len(split.y_train)
    accuracy = nearest_neighbor_accuracy(
        features[:n_train], split.y_train, features[n_train:], split.y_test
    )
    return {"accuracy": accuracy, "fit_seconds": time.perf_counter() - start}


class RecordedBaselines(NamedTuple):
    """The baselines' rows as ``bench_quality.py`` recorded them."""

    rows: list
    """Every recorded seed of each baseline on each of the data sets asked for."""

    description: str
    """One line that says where the rows were read, and how they were made."""


def read_recorded_baselines(path, datasets):
    """The baselines' rows for ``datasets`` from ``bench_quality.py``'s JSON.

    Parameters
    ----------
    path : pathlib.Path
        A full run's raw results, such as :data:`QUALITY_RESULTS`.

    datasets : iterable of str
        Data sets whose rows are wanted; every baseline must have rows for
        each of them.

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
            f"{display_path(path)} does not exist: run bench_quality.py without "
            "--skip-baselines first, or point to its output."
        )
    reference = json.loads(path.read_text())
    rows = [
        row
        for row in reference["results"]
        if row["method"] in BASELINES and row["dataset"] in datasets
    ]
    missing = sorted(
        (name, method)
        for name in datasets
        for method in BASELINES
        if not select_rows(rows, dataset=name, method=method)
    )
    if missing:
        raise SystemExit(f"{display_path(path)} has no rows for {missing}")
    description = (
        f"Baselines: read from {display_path(path)}, not recomputed (its command: "
        f"{reference['command']}; DTW max_iter {reference['dtw_max_iter']}; "
        f"seeds 0 to {reference['seeds'] - 1})"
    )
    return RecordedBaselines(rows, description)


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
