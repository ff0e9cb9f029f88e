"""Real data sets for the benchmarks, read from disk without network access.

ItalyPowerDemand ships with sklearn-lstmae; the others are UCR/UEA archive data
sets that aeon bundles in ``aeon/datasets/data``, which
``aeon.datasets.load_classification`` reads from there before it would try to
download anything; aeon is imported only then. Each comes with the archive's
own train/test split, which :func:`load_split` returns as a :class:`Split`,
each series cut at its first NaN as the estimator would cut it, so that the
autoencoder and the baselines see the same steps.

The module is not called ``datasets``: run as a script's neighbour, that name
would shadow Hugging Face's ``datasets`` package for everything imported after.
"""

from typing import NamedTuple

import numpy as np

from sklearn_lstmae.datasets import load_italy_power_demand

__all__ = [
    "DATASETS",
    "EQUAL_LENGTH",
    "VARIABLE_LENGTH",
    "Split",
    "load",
    "load_split",
    "truncate_at_nan",
]

# Data sets whose series all have the same length.
EQUAL_LENGTH = ("ItalyPowerDemand", "ArrowHead", "GunPoint", "BasicMotions")
# Data sets whose series differ in length.
VARIABLE_LENGTH = ("PickupGestureWiimoteZ",)
# Every data set that the benchmarks know, in the order of their tables.
DATASETS = (*EQUAL_LENGTH, *VARIABLE_LENGTH)

_AEON_DATASETS = ("ArrowHead", "GunPoint", "BasicMotions", "PickupGestureWiimoteZ")


class Split(NamedTuple):
    """A data set's train and test series and labels, as the benchmarks read them.

    The series are rows of an array, or items of a list where their lengths
    differ; :func:`load_split` makes them.
    """

    name: str
    X_train: np.ndarray | list
    y_train: np.ndarray
    X_test: np.ndarray | list
    y_test: np.ndarray
    n_truncated: int
    """Number of series, train and test, cut short at a NaN."""

    @property
    def X_all(self):
        """All series, train then test: one array if both splits are arrays."""
        if isinstance(self.X_train, list) or isinstance(self.X_test, list):
            return [*self.X_train, *self.X_test]
        return np.concatenate([self.X_train, self.X_test])

    @property
    def y_all(self):
        """The labels of :attr:`X_all`."""
        return np.concatenate([self.y_train, self.y_test])

    def describe(self):
        """One line of facts about the data set's series and labels.

        Examples
        --------
        >>> print(load_split("GunPoint").describe())
        GunPoint: 200 series, 1 channel(s), 150 to 150 steps (median 150),
        2 classes, 0 truncated at a NaN
        """
        X = self.X_all
        lengths = [len(series) for series in X]
        n_channels = 1 if X[0].ndim == 1 else X[0].shape[1]
        return (
            f"{self.name}: {len(X)} series, {n_channels} channel(s), "
            f"{min(lengths)} to {max(lengths)} steps "
            f"(median {np.median(lengths):g}), {len(np.unique(self.y_all))} classes, "
            f"{self.n_truncated} truncated at a NaN"
        )


def load_split(name):
    """Load a data set's train/test split, each series cut at its first NaN.

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`.

    Returns
    -------
    Split
        The series as :func:`load` returns them, but cut (see
        :func:`truncate_at_nan`).
    """
    X_train, y_train, X_test, y_test = load(name)
    X_train, n_train_truncated = truncate_at_nan(X_train)
    X_test, n_test_truncated = truncate_at_nan(X_test)
    return Split(
        name, X_train, y_train, X_test, y_test, n_train_truncated + n_test_truncated
    )


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


def load(name):
    """Load one data set with the archive's train/test split, in our layout.

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`:

        - ``"ItalyPowerDemand"``: 1096 univariate series of 24 steps, 2 classes;
        - ``"ArrowHead"``: 211 univariate series of 251 steps, 3 classes;
        - ``"GunPoint"``: 200 univariate series of 150 steps, 2 classes;
        - ``"BasicMotions"``: 80 series of 100 steps with 6 channels
          (accelerometer and gyroscope), 4 classes;
        - ``"PickupGestureWiimoteZ"``: 100 univariate series of 29 to 361
          steps (Wii remote Z-axis acceleration), 10 classes, without
          missing values. Returned as lists of float arrays of shape
          ``(T_i,)``.

    Returns
    -------
    X_train, y_train, X_test, y_test : ndarray or list of ndarray
        Univariate series as a 2-D array ``(n_series, n_timesteps)``,
        multivariate ones as a 3-D array ``(n_series, n_timesteps,
        n_channels)``, unequal-length ones as a list of float arrays ``(T_i,)``
        or ``(T_i, n_channels)``. Labels as the
        archive gives them (strings for the data sets from aeon).

    Examples
    --------
    >>> X_train, y_train, X_test, y_test = load("ItalyPowerDemand")
    >>> X_train.shape, X_test.shape
    ((67, 24), (1029, 24))
    >>> X_train, *_ = load("PickupGestureWiimoteZ")
    >>> len(X_train), X_train[0].shape
    (50, (324,))
    """
    if name == "ItalyPowerDemand":
        return (
            *load_italy_power_demand(subset="train", return_X_y=True),
            *load_italy_power_demand(subset="test", return_X_y=True),
        )
    if name not in _AEON_DATASETS:
        raise ValueError(
            f"Unknown data set; expected one of {DATASETS}. Received: name={name!r}"
        )
    try:
        from aeon.datasets import load_classification
    except ImportError as error:
        raise ImportError(
            f'Loading {name} needs aeon: pip install "sklearn-lstmae[benchmark]"'
        ) from error
    X_train, y_train = load_classification(name, split="train")
    X_test, y_test = load_classification(name, split="test")
    return _to_our_layout(X_train), y_train, _to_our_layout(X_test), y_test


def _to_our_layout(X):
    """aeon's ``(n_cases, n_channels, n_timepoints)`` to time steps first."""
    if isinstance(X, list):
        # Unequal lengths: aeon gives one (n_channels, T_i) array per series.
        return [
            np.asarray(series[0] if len(series) == 1 else series.T, dtype=float)
            for series in X
        ]
    if X.shape[1] == 1:
        return X[:, 0, :]
    return X.transpose(0, 2, 1)
