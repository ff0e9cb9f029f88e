"""Real data sets for the benchmarks, read from disk without network access.

ItalyPowerDemand ships with sklearn-lstmae; the others are UCR/UEA archive data
sets that aeon bundles in ``aeon/datasets/data``, which
``aeon.datasets.load_classification`` reads from there before it would try to
download anything. Each comes with the archive's own train/test split.

The module is not called ``datasets``: run as a script's neighbour, that name
would shadow Hugging Face's ``datasets`` package for everything imported after.
"""

import numpy as np

from sklearn_lstmae.datasets import load_italy_power_demand

__all__ = ["DATASETS", "VARIABLE_LENGTH", "load"]

# Equal-length data sets that the benchmarks run on by default.
DATASETS = ("ItalyPowerDemand", "ArrowHead", "GunPoint", "BasicMotions")
# Data sets whose series differ in length.
VARIABLE_LENGTH = ("PickupGestureWiimoteZ",)

_AEON_DATASETS = ("ArrowHead", "GunPoint", "BasicMotions", "PickupGestureWiimoteZ")


def load(name):
    """Load one data set with its train/test split, in the estimator's layout.

    Parameters
    ----------
    name : str
        One of :data:`DATASETS` or :data:`VARIABLE_LENGTH`:

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
            f"Unknown data set; expected one of "
            f"{('ItalyPowerDemand', *_AEON_DATASETS)}. Received: name={name!r}"
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
