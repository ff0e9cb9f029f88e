"""Shape conventions for sequence input: what a 2-D or a 3-D array means.

A 2-D array is a batch of univariate sequences ``(n_samples, n_timesteps)``,
the layout of a scikit-learn feature matrix whose columns are time steps. A
3-D array is ``(n_samples, n_timesteps, n_features)``, the layout Keras uses.
Inside the library every batch is 3-D; these helpers convert at the edges.
"""

import numpy as np

__all__ = ["check_sequence_ndim", "from_3d", "to_3d"]

_EXPECTED_SHAPES = (
    "a 2-D array (n_samples, n_timesteps) of univariate sequences or a 3-D "
    "array (n_samples, n_timesteps, n_features)"
)


def check_sequence_ndim(X, *, name="X"):
    """Raise a ValueError unless ``X`` is a 2-D or 3-D batch of sequences.

    Parameters
    ----------
    X : array-like
        Anything with a ``shape``, or that :func:`numpy.asarray` converts.
    name : str, default="X"
        How the error message calls the input.

    Returns
    -------
    shape : tuple of int
        The shape of ``X``.
    """
    # Array-likes that are not arrays may refuse NumPy's array functions, and
    # np.shape is one; converting them is what validation does next anyway.
    shape = getattr(X, "shape", None)
    if shape is None:
        shape = np.asarray(X).shape
    if len(shape) not in (2, 3):
        raise ValueError(
            f"Expected {name} to be {_EXPECTED_SHAPES}; got {len(shape)}-D input "
            f"of shape {shape}."
            + (
                " Reshape your data: X.reshape(1, -1) holds a single sequence, "
                "X.reshape(-1, 1) a batch of one-step sequences."
                if len(shape) == 1
                else ""
            )
        )
    return shape


def to_3d(X):
    """View a 2-D batch of univariate sequences as 3-D with one feature.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._sequences import to_3d
    >>> to_3d(np.zeros((4, 9))).shape
    (4, 9, 1)
    """
    return X[:, :, np.newaxis] if X.ndim == 2 else X


def from_3d(X, ndim):
    """Return a 3-D batch in the caller's convention: 2-D if ``ndim == 2``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._sequences import from_3d
    >>> from_3d(np.zeros((4, 9, 1)), ndim=2).shape
    (4, 9)
    """
    return X[:, :, 0] if ndim == 2 else X
