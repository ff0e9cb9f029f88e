"""Per-feature scaling of 3-D sequence batches.

LSTMs train well only on inputs of moderate size: raw values in the thousands
saturate the gates and push the loss towards NaN. The estimator therefore
scales each feature (the last axis) with one of scikit-learn's scalers, fitted
on every time step of every sequence, and undoes the scaling on the way out.
"""

from sklearn.preprocessing import MinMaxScaler, StandardScaler

__all__ = ["SCALERS", "fit_scaler", "scale", "unscale"]

SCALERS = {"standard": StandardScaler, "minmax": MinMaxScaler}


def fit_scaler(X, scaling):
    """Fit the scaler named by ``scaling`` on a 3-D batch; ``None`` for no scaling.

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
    return SCALERS[scaling]().fit(_as_steps(X))


def scale(scaler, X):
    """Scale a 3-D batch with a scaler from :func:`fit_scaler`."""
    if scaler is None:
        return X
    return scaler.transform(_as_steps(X)).reshape(X.shape)


def unscale(scaler, X):
    """Undo :func:`scale` on a 3-D batch."""
    if scaler is None:
        return X
    return scaler.inverse_transform(_as_steps(X)).reshape(X.shape)


def _as_steps(X):
    # One row per time step of every sequence, one column per feature.
    return X.reshape(-1, X.shape[-1])
