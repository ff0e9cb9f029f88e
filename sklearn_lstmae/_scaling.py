"""Scaling of 3-D sequence batches, per feature or per series.

LSTMs train well only on inputs of moderate size: raw values in the thousands
saturate the gates and push the loss towards NaN. The estimator therefore
scales its input and undoes the scaling on the way out, in one of two ways:

- per feature, with one of scikit-learn's scalers fitted on every time step of
  every training sequence: the level and amplitude of a sequence stay visible
  to the network, and ``unscale`` recovers the input's units;
- per series, z-normalizing each sequence over its own time steps, feature by
  feature: only the shape of a sequence is left, as distance-based time-series
  methods usually assume. A bottleneck vector then no longer knows the level
  and amplitude of its sequence, so ``unscale`` can restore them only given
  the original sequences.

NaN values are ignored when statistics are computed and kept in the output, so
that padded batches scale by their real steps only. Statistics are computed
on values divided by their largest magnitude first, so that any finite values,
from 1e-300 to 1e300, scale exactly: squares of such values would overflow or
underflow float64.
"""

import numpy as np
from sklearn.preprocessing import MinMaxScaler, StandardScaler

__all__ = ["SCALINGS", "fit_scaler", "scale", "standardize_each_series", "unscale"]

_FEATURE_SCALERS = {"standard": StandardScaler, "minmax": MinMaxScaler}
# The names the estimator's ``scaling`` parameter accepts, besides None.
SCALINGS = (*_FEATURE_SCALERS, "per_series")


class PerSeriesScaler:
    """The ``scaling="per_series"`` choice: nothing to learn from the data.

    It exists so that a fitted estimator's ``scaler_`` says which scaling it
    applies, as the fitted scikit-learn scalers of the other choices do.
    """

    def __repr__(self):
        return "PerSeriesScaler()"


def fit_scaler(X, scaling):
    """Fit the scaling named by ``scaling`` on a 3-D batch; ``None`` for none.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._scaling import fit_scaler, scale
    >>> X = np.arange(12.0).reshape(2, 3, 2)
    >>> scaler = fit_scaler(X, "minmax")
    >>> scale(scaler, X)[:, :, 0]
    array([[0. , 0.2, 0.4],
           [0.6, 0.8, 1. ]])
    """
    if scaling is None:
        return None
    if scaling == "per_series":
        return PerSeriesScaler()
    # Arrays, even under set_config(transform_output="pandas"): the scaler
    # works inside the estimator, on steps rather than the user's columns.
    scaler = _FEATURE_SCALERS[scaling]().set_output(transform="default")
    steps = _as_steps(X)
    # Fitted on values of magnitude at most 1, then told their true units:
    # the variance of values near 1e300 overflows, that of values near
    # 1e-300 underflows to the zero of a constant feature.
    magnitude = _largest_magnitude(steps, axis=0)
    scaler.fit(steps / magnitude)
    if scaling == "standard":
        scaler.mean_ = scaler.mean_ * magnitude
        scaler.scale_ = scaler.scale_ * magnitude
        with np.errstate(over="ignore"):
            # The variance is not used to scale, and may not be representable.
            scaler.var_ = scaler.var_ * magnitude**2
    else:
        # x * scale_ + min_ with min_ = low - data_min_ * scale_: min_ stays.
        scaler.scale_ = scaler.scale_ / magnitude
        for name in ("data_min_", "data_max_", "data_range_"):
            setattr(scaler, name, getattr(scaler, name) * magnitude)
    return scaler


def scale(scaler, X):
    """Scale a 3-D batch with a scaler from :func:`fit_scaler`."""
    if scaler is None:
        return X
    if isinstance(scaler, PerSeriesScaler):
        return standardize_each_series(X)
    return scaler.transform(_as_steps(X)).reshape(X.shape)


def unscale(scaler, X, *, like=None):
    """Undo :func:`scale` on a 3-D batch.

    Per-series scaling is undone only when ``like`` holds the original
    sequences, whose means and standard deviations are restored; without it the
    sequences stay z-normalized.
    """
    if scaler is None:
        return X
    if isinstance(scaler, PerSeriesScaler):
        if like is None:
            return X
        mean, std = _series_statistics(like)
        return X * std + mean
    return scaler.inverse_transform(_as_steps(X)).reshape(X.shape)


def standardize_each_series(X):
    """Z-normalize each sequence of a 3-D batch over its steps, per feature.

    A feature that is constant within a sequence becomes zero there.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._scaling import standardize_each_series
    >>> standardize_each_series(np.array([[[1.0], [2.0], [3.0]]]))[0, :, 0]
    array([-1.22474487,  0.        ,  1.22474487])
    """
    mean, std = _series_statistics(X)
    return (X - mean) / std


def _series_statistics(X):
    """Mean and standard deviation of each sequence's features, NaN ignored."""
    # Computed on values of magnitude at most 1, as fit_scaler's are.
    magnitude = _largest_magnitude(X, axis=1)
    relative = X / magnitude
    mean = np.nanmean(relative, axis=1, keepdims=True)
    std = np.nanstd(relative, axis=1, keepdims=True)
    # A constant feature has a standard deviation of zero, or of rounding error:
    # dividing by it would blow rounding up into huge values.
    negligible = std <= 10 * np.finfo(X.dtype).eps * np.abs(mean)
    return mean * magnitude, np.where(negligible, 1, std * magnitude)


def _largest_magnitude(X, *, axis):
    """The largest absolute value along ``axis`` (kept), NaN ignored; 1 if 0."""
    magnitude = np.nanmax(np.abs(X), axis=axis, keepdims=axis != 0)
    return np.where(magnitude > 0, magnitude, 1).astype(X.dtype, copy=False)


def _as_steps(X):
    # One row per time step of every sequence, one column per feature.
    return X.reshape(-1, X.shape[-1])
