"""Raw-series baselines for the real-data benchmarks, and the series they read.

Features learned by the autoencoder are worth their training only if they beat
what the series give without it. The baselines here read the series directly:

- k-means on the raw series: :func:`raw_features` resamples every series to
  one length, z-normalizes it channel by channel and flattens it, for
  ``evaluation.kmeans_agreement``;
- k-means under dynamic time warping, :func:`dtw_kmeans_agreement`, on the
  z-normalized series at their own lengths;
- the nearest neighbour in Euclidean distance on the same raw features,
  :func:`nearest_neighbor_accuracy`, trained on the train split.

All of them read the series through :func:`load_split` or :func:`load_all`,
which cut each series at its first NaN as the estimator would, so that the
autoencoder and the baselines see the same steps. :func:`describe_machine`
names the hardware and library versions that every result depends on.
"""

import os
import platform
from pathlib import Path

import numpy as np
from evaluation import cluster_agreement
from real_datasets import load
from sklearn.neighbors import KNeighborsClassifier
from tslearn.clustering import TimeSeriesKMeans
from tslearn.utils import to_time_series_dataset

from sklearn_lstmae._quiet import quiet_tensorflow

__all__ = [
    "describe",
    "describe_machine",
    "dtw_kmeans_agreement",
    "load_all",
    "load_split",
    "median_length",
    "nearest_neighbor_accuracy",
    "raw_features",
    "resample",
    "truncate_at_nan",
    "znormalize",
]


def load_split(name):
    """Load a data set's train/test split, each series cut at its first NaN.

    Parameters
    ----------
    name : str
        A data set that ``real_datasets.load`` knows.

    Returns
    -------
    X_train, y_train, X_test, y_test : ndarray or list of ndarray
        As ``real_datasets.load`` returns them, but for the cut series
        (see :func:`truncate_at_nan`).

    n_truncated : int
        Number of series, train and test, cut short at a NaN.
    """
    X_train, y_train, X_test, y_test = load(name)
    X_train, n_train_truncated = truncate_at_nan(X_train)
    X_test, n_test_truncated = truncate_at_nan(X_test)
    return X_train, y_train, X_test, y_test, n_train_truncated + n_test_truncated


def load_all(name):
    """All series of a data set, train then test, and their labels.

    Returns
    -------
    X : ndarray or list of ndarray
        One array if both splits are arrays, else a list of series.

    y : ndarray of shape (n_series,)
        Their labels.

    n_truncated : int
        Number of series cut short at a NaN, as in :func:`load_split`.
    """
    X_train, y_train, X_test, y_test, n_truncated = load_split(name)
    if isinstance(X_train, list) or isinstance(X_test, list):
        X = [*X_train, *X_test]
    else:
        X = np.concatenate([X_train, X_test])
    return X, np.concatenate([y_train, y_test]), n_truncated


def truncate_at_nan(X):
    """Cut each series at its first time step with a NaN in any channel.

    The estimator reads a NaN as the start of trailing padding, so a NaN
    inside a series would end it there anyway; cutting it here shows the
    baselines the same steps.

    Parameters
    ----------
    X : ndarray or list of ndarray
        Series of shape ``(T,)`` or ``(T, n_channels)``, as rows of an array
        or items of a list.

    Returns
    -------
    X : ndarray or list of ndarray
        ``X`` itself if no series was cut, else a list of the series.

    n_truncated : int
        Number of series cut.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 2.0, 3.0], [4.0, np.nan, 6.0]])
    >>> X, n_truncated = truncate_at_nan(X)
    >>> [series.tolist() for series in X], n_truncated
    ([[1.0, 2.0, 3.0], [4.0]], 1)
    """
    truncated = []
    n_truncated = 0
    for series in X:
        missing = np.isnan(series).any(axis=tuple(range(1, series.ndim)))
        if missing.any():
            series = series[: np.argmax(missing)]
            n_truncated += 1
        truncated.append(series)
    return (X if n_truncated == 0 else truncated), n_truncated


def describe(name, X, y, n_truncated):
    """One line of facts about a data set's series ``X`` and labels ``y``."""
    lengths = [len(series) for series in X]
    n_channels = 1 if X[0].ndim == 1 else X[0].shape[1]
    return (
        f"{name}: {len(X)} series, {n_channels} channel(s), "
        f"{min(lengths)} to {max(lengths)} steps (median {np.median(lengths):g}), "
        f"{len(np.unique(y))} classes, {n_truncated} truncated at a NaN"
    )


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
        ``evaluation.cluster_agreement`` of the clusters with the classes.
    """
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


def describe_machine():
    """The processor, its cores and the versions of the libraries used."""
    import aeon
    import sklearn
    import tslearn

    with quiet_tensorflow():
        import keras

    cpu = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = models[0] if models else cpu
    return (
        f"{cpu or platform.machine()}, {os.cpu_count()} cores; "
        f"Python {platform.python_version()}, Keras {keras.__version__} "
        f"({keras.backend.backend()} backend), scikit-learn {sklearn.__version__}, "
        f"aeon {aeon.__version__}, tslearn {tslearn.__version__}"
    )
