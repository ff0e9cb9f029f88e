"""What sequence input means: layouts, lengths and padding.

Sequences reach the estimator in one of these layouts:

- ``"2d"``: an array ``(n_samples, n_timesteps)`` of univariate sequences, the
  layout of a scikit-learn feature matrix whose columns are time steps;
- ``"3d"``: an array ``(n_samples, n_timesteps, n_features)``, as in Keras;
- ``"list of 1d"`` or ``"list of 2d"``: a list of arrays ``(T_i,)`` or
  ``(T_i, n_features)`` of different lengths.

Inside the library every batch is a 3-D array padded after each sequence's end
("post" padding, in Keras's words), together with the length of each
sequence. In arrays, trailing NaN marks padding, the convention of tslearn's
``to_time_series_dataset``: a sequence ends where only NaN follows. The
length, not a sentinel value, says where a sequence ends, so a real time step
whose values are all zero is data.

:func:`read_sequences` is the one door through which input enters: every
method of the estimators, and the plots, read ``X`` through it, once per call.
This module knows NumPy, and scikit-learn's ``check_array`` for array-likes.
"""

import numbers
from typing import NamedTuple

import numpy as np
from sklearn.utils.validation import check_array

__all__ = [
    "LAYOUTS",
    "Sequences",
    "channels_first",
    "channels_last",
    "check_sequence_ndim",
    "from_3d",
    "is_ragged",
    "pad_ragged",
    "read_sequences",
    "reverse_each",
    "sequence_lengths",
    "step_mask",
    "to_3d",
    "unpad",
]

LAYOUTS = ("2d", "3d", "list of 1d", "list of 2d")

_EXPECTED_SHAPES = (
    "a 2-D array (n_samples, n_timesteps) of univariate sequences, a 3-D "
    "array (n_samples, n_timesteps, n_features), or a list of arrays (T_i,) "
    "or (T_i, n_features)"
)


# How sequences in arrays are checked: 2-D or 3-D, float, padding NaN allowed.
_ARRAY_CHECKS = {
    "dtype": [np.float64, np.float32],
    "allow_nd": True,
    "ensure_all_finite": "allow-nan",
}


class Sequences(NamedTuple):
    """Sequences as the library computes with them."""

    values: np.ndarray
    """Float array ``(n_samples, n_timesteps, n_features)``, NaN after each end."""
    lengths: np.ndarray
    """Number of real steps of each sequence."""
    layout: str
    """The caller's layout, one of ``LAYOUTS``, to answer in."""


def read_sequences(X, *, name="X"):
    """Read sequences in any accepted layout; check their values and padding.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_timesteps) or \
            (n_samples, n_timesteps, n_features), or list of array-like
        Sequences in one of the ``LAYOUTS``, padded with trailing NaN if an
        array holds sequences of different lengths.
    name : str, default="X"
        How error messages call the input.

    Returns
    -------
    sequences : Sequences
        The padded float values, the lengths and the layout of ``X``.

    Raises
    ------
    ValueError
        If ``X`` is not 2-D or 3-D, holds no step or no feature, holds
        infinity, or NaN anywhere but after a sequence's end.

    Examples
    --------
    >>> from sklearn_lstmae._sequences import read_sequences
    >>> sequences = read_sequences([[1.0, 2.0, 3.0], [4.0, 5.0]])
    >>> sequences.values.shape, sequences.lengths, sequences.layout
    ((2, 3, 1), array([3, 2]), 'list of 1d')
    """
    if isinstance(X, np.ma.MaskedArray):
        name = f"{name} (masked entries read as NaN)"
    X = _numeric(X, name=name)
    if isinstance(X, (list, tuple)) and any(_is_sequence(element) for element in X):
        # Element by element, so that an error can name the one at fault.
        elements = _read_elements(X, name=name)
        if len({len(element) for element in elements}) > 1:
            values, layout = pad_ragged(elements, name=name)
        else:
            values, layout = _read_array(np.stack(elements), name=name)
    else:
        values, layout = _read_array(X, name=name)
    if np.isinf(values).any():
        raise ValueError(f"Input {name} contains infinity.")
    return Sequences(values, sequence_lengths(values, name=name), layout)


def _read_array(X, *, name):
    """A 2-D or 3-D array-like as a float 3-D array, and its layout."""
    check_sequence_ndim(X, name=name)
    X = check_array(X, input_name=name, **_ARRAY_CHECKS)
    if X.ndim == 3 and 0 in X.shape[1:]:
        raise ValueError(
            f"Expected sequences of at least one time step and one feature; "
            f"got {name} of shape {X.shape}."
        )
    return to_3d(X), "2d" if X.ndim == 2 else "3d"


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


def is_ragged(X):
    """Whether ``X`` is a list of sequences of different lengths.

    Examples
    --------
    >>> from sklearn_lstmae._sequences import is_ragged
    >>> is_ragged([[1.0, 2.0], [3.0]]), is_ragged([[1.0, 2.0], [3.0, 4.0]])
    (True, False)
    """
    if not isinstance(X, (list, tuple)) or not X:
        return False
    if not all(_is_sequence(element) for element in X):
        return False
    return len({len(element) for element in X}) > 1


def pad_ragged(X, *, name="X"):
    """Stack a list of sequences of different lengths, padded with NaN.

    Parameters
    ----------
    X : list of array-like of shape (T_i,) or (T_i, n_features)
        The sequences; all of the same number of dimensions and features.
    name : str, default="X"
        How error messages call the input.

    Returns
    -------
    padded : ndarray of shape (n_samples, max T_i, n_features)
        Float32 if every sequence is float32, else float64; NaN after each
        sequence's end.
    layout : {"list of 1d", "list of 2d"}
        The layout of ``X``.

    Examples
    --------
    >>> from sklearn_lstmae._sequences import pad_ragged
    >>> padded, layout = pad_ragged([[1.0, 2.0], [3.0]])
    >>> padded[:, :, 0], layout
    (array([[ 1.,  2.],
           [ 3., nan]]), 'list of 1d')
    """
    sequences = _read_elements(X, name=name)
    ndims = {sequence.ndim for sequence in sequences}
    sequences = [s[:, np.newaxis] if s.ndim == 1 else s for s in sequences]
    n_features = sequences[0].shape[1]
    all_float32 = all(sequence.dtype == np.float32 for sequence in sequences)
    dtype = np.float32 if all_float32 else np.float64
    max_length = max(len(sequence) for sequence in sequences)
    padded = np.full((len(sequences), max_length, n_features), np.nan, dtype=dtype)
    for row, sequence in zip(padded, sequences, strict=True):
        row[: len(sequence)] = sequence
    return padded, "list of 1d" if ndims == {1} else "list of 2d"


def channels_last(X):
    """Sequences in aeon's and sktime's layout, channels first, in this library's.

    aeon and sktime hold a collection of multivariate series channels first:
    a 3-D array ``(n_samples, n_channels, n_timesteps)``, or a list of arrays
    ``(n_channels, T_i)`` when lengths differ. The estimators read time steps
    first, as Keras and tslearn do; a 3-D array passed as aeon gives it would
    be read as ``n_channels`` steps of ``n_timesteps`` features. The layout
    cannot be told from the shape alone, so the estimators never guess: pass
    such data through this function (in a pipeline,
    ``FunctionTransformer(channels_last)``).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_channels, n_timesteps), or list of \
            array-like of shape (n_channels, T_i)
        Series, channels first.

    Returns
    -------
    X_steps_first : ndarray of shape (n_samples, n_timesteps, n_channels), or \
            list of ndarray of shape (T_i, n_channels)
        The same values, time steps first: a transposed view of an array.

    See Also
    --------
    channels_first : The reverse, for output that aeon or sktime reads.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae import channels_last
    >>> X = np.zeros((40, 6, 100))  # aeon's BasicMotions: 6 channels, 100 steps
    >>> channels_last(X).shape
    (40, 100, 6)
    >>> [x.shape for x in channels_last([np.zeros((2, 5)), np.zeros((2, 7))])]
    [(5, 2), (7, 2)]
    """
    return _swap_last_axes(X, "X", "(n_samples, n_channels, n_timesteps)")


def channels_first(X):
    """Sequences in this library's layout, time steps first, in aeon's.

    The reverse of :func:`channels_last`, for what ``inverse_transform``
    returns.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_timesteps, n_features), or list of \
            array-like of shape (T_i, n_features)
        Sequences, time steps first.

    Returns
    -------
    X_channels_first : ndarray of shape (n_samples, n_features, n_timesteps), \
            or list of ndarray of shape (n_features, T_i)
        The same values, channels first.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae import channels_first
    >>> channels_first(np.zeros((40, 100, 6))).shape
    (40, 6, 100)
    """
    return _swap_last_axes(X, "X", "(n_samples, n_timesteps, n_features)")


def _swap_last_axes(X, name, expected):
    if isinstance(X, (list, tuple)):
        swapped = []
        for index, element in enumerate(X):
            array = np.asarray(element)
            if array.ndim != 2:
                raise ValueError(
                    f"Expected {name}[{index}] to be a 2-D array; got an array of "
                    f"shape {array.shape}."
                )
            swapped.append(array.T)
        return swapped
    array = np.asarray(X)
    if array.ndim != 3:
        raise ValueError(
            f"Expected {name} to be a 3-D array {expected} or a list of 2-D "
            f"arrays; got an array of shape {array.shape}."
        )
    return np.swapaxes(array, 1, 2)


def _read_elements(X, *, name):
    """The sequences of a list as arrays, all 1-D or all 2-D with one width.

    Raises a ValueError naming the first element that is not a numeric
    sequence, or whose dimensions or number of features differ from the
    first's.
    """
    sequences = []
    for index, element in enumerate(X):
        sequence = None
        if _is_sequence(element):
            try:
                sequence = np.asarray(_numeric(element, name=f"{name}[{index}]"))
            except (TypeError, ValueError) as error:
                if "Expected" in str(error):  # _numeric's own refusal
                    raise
                # NumPy could not stack the element's own parts.
        if sequence is None or sequence.dtype.kind not in "fiub":
            raise ValueError(
                f"Expected {name}[{index}] to be a numeric sequence, an array "
                f"(T_i,) or (T_i, n_features); got {_describe(element)}."
            )
        if sequence.ndim not in (1, 2):
            raise ValueError(
                f"Expected {name}[{index}] to be a sequence (T_i,) or "
                f"(T_i, n_features); got an array of shape {sequence.shape}."
            )
        first = sequences[0] if sequences else sequence
        if sequence.ndim != first.ndim:
            raise ValueError(
                f"Expected the sequences of {name} to be all 1-D (T_i,) or all "
                f"2-D (T_i, n_features); {name}[0] has shape {first.shape}, "
                f"{name}[{index}] has shape {sequence.shape}."
            )
        if sequence.ndim == 2 and sequence.shape[1] != first.shape[1]:
            channels_first_hint = (
                f" They share their first dimension ({first.shape[0]}) instead: "
                f"if they are (n_channels, T_i), as aeon and sktime give them, "
                f"pass sklearn_lstmae.channels_last({name})."
                if sequence.shape[0] == first.shape[0]
                else ""
            )
            raise ValueError(
                f"Expected every sequence of {name} to have {first.shape[1]} "
                f"feature(s), as {name}[0] has; {name}[{index}] has "
                f"{sequence.shape[1]} (shape {sequence.shape})." + channels_first_hint
            )
        sequences.append(sequence)
    return sequences


def _describe(element):
    """How an error message shows an element it could not read."""
    if element is None or isinstance(element, (str, bytes, numbers.Number)):
        return f"{type(element).__name__} {element!r}"[:80]
    shape = getattr(element, "shape", None)
    return (
        f"a {type(element).__name__}"
        + (f" of shape {shape}" if shape else "")
        + " that NumPy could not read as one array of numbers"
    )


def _numeric(X, *, name):
    """``X`` as given if its values can be numbers; masked entries as NaN.

    Refuses dates, times, text and records, which a cast to float would turn
    into numbers silently or with NumPy's words.
    """
    if isinstance(X, np.ma.MaskedArray):
        # Masked entries are missing: trailing ones pad, as NaN does.
        return np.ma.filled(X.astype(np.result_type(X.dtype, np.float32)), np.nan)
    dtypes = getattr(X, "dtypes", None)  # DataFrames: a dtype per column
    if dtypes is not None:
        shape = getattr(X, "shape", None)
        if shape is not None and len(shape) == 2 and shape[1] == 0:
            raise ValueError(
                f"Expected {name} to have at least one column (time step); got a "
                f"{type(X).__name__} of shape {shape}."
            )
        kinds = [(column, _dtype_kind(dtype)) for column, dtype in _columns(X)]
    else:
        kinds = [(None, _dtype_kind(getattr(X, "dtype", None)))]
    for column, kind in kinds:
        if kind in _REFUSED_KINDS:
            where = "" if column is None else f" column {column!r}"
            raise ValueError(
                f"Expected {name} to hold numbers; {name}{where} holds "
                f"{_REFUSED_KINDS[kind]}. Convert them to numbers first"
                + (
                    ", for instance seconds since a reference time."
                    if kind in "Mm"
                    else "."
                )
            )
    return X


# Kinds of NumPy dtypes whose values are not numbers, and what they are.
_REFUSED_KINDS = {
    "M": "dates or times (datetime64)",
    "m": "durations (timedelta64)",
    "V": "records (a structured dtype)",
    "U": "text",
    "S": "bytes",
}


def _columns(frame):
    """(name, dtype) of each column of a pandas or polars DataFrame."""
    names = getattr(frame, "columns", range(len(frame.dtypes)))
    return zip(list(names), list(frame.dtypes), strict=False)


def _dtype_kind(dtype):
    """NumPy's kind of ``dtype``, or None for dtypes NumPy does not know."""
    try:
        return np.dtype(dtype).kind
    except TypeError:
        # pandas and polars extension dtypes: datetimes with time zones, ...
        text = str(dtype).lower()
        return "M" if "date" in text or "time" in text else None


def sequence_lengths(sequences, *, name="X"):
    """Length of each sequence of a 3-D batch padded with trailing NaN.

    Raises a ValueError for NaN that is not trailing padding: a NaN step
    followed by real values, a step with NaN in some features only, or a
    sequence with no real step at all.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._sequences import sequence_lengths
    >>> X = np.array([[1.0, 2.0, np.nan], [0.0, 0.0, 0.0]])[:, :, np.newaxis]
    >>> sequence_lengths(X)
    array([2, 3])
    """
    missing = np.isnan(sequences)
    padding = missing.all(axis=2)
    partly_missing = missing.any(axis=2) & ~padding
    if partly_missing.any():
        sample, step = np.argwhere(partly_missing)[0]
        raise ValueError(
            f"{name} has NaN in some features but not all at sample {sample}, time "
            f"index {step}. NaN may only pad sequences after their end, in every "
            "feature; missing values inside a sequence are not supported."
        )
    lengths = np.argmax(padding, axis=1)
    lengths[~padding.any(axis=1)] = padding.shape[1]
    # Padding must run to the end: after the first padded step, no real one.
    real_after_padding = ~padding & (np.arange(padding.shape[1]) >= lengths[:, None])
    if real_after_padding.any():
        sample = np.flatnonzero(real_after_padding.any(axis=1))[0]
        raise ValueError(
            f"{name} has NaN followed by real values in sample {sample}: NaN at time "
            f"index {lengths[sample]}, a value at time index "
            f"{np.flatnonzero(real_after_padding[sample])[0]}. NaN may only pad "
            "sequences after their end."
        )
    if (lengths == 0).any():
        sample = np.flatnonzero(lengths == 0)[0]
        raise ValueError(
            f"{name} has a sequence with no values, only NaN, at sample {sample}."
        )
    return lengths


def reverse_each(sequences, lengths):
    """Reverse each sequence of a padded 3-D batch within its own length.

    The padding stays after the end; reversing twice gives the batch back.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._sequences import reverse_each
    >>> batch = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 0.0]])[:, :, np.newaxis]
    >>> reverse_each(batch, [3, 2])[:, :, 0]
    array([[3., 2., 1.],
           [5., 4., 0.]])
    """
    lengths = np.asarray(lengths)[:, np.newaxis]
    steps = np.arange(sequences.shape[1])
    order = np.where(steps < lengths, lengths - 1 - steps, steps)
    return np.take_along_axis(sequences, order[:, :, np.newaxis], axis=1)


def step_mask(lengths, n_timesteps):
    """Boolean mask ``(n_samples, n_timesteps)``: True on each sequence's steps.

    Examples
    --------
    >>> from sklearn_lstmae._sequences import step_mask
    >>> step_mask([1, 3], 3).astype(int)
    array([[1, 0, 0],
           [1, 1, 1]])
    """
    return np.arange(n_timesteps) < np.asarray(lengths)[:, np.newaxis]


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


def unpad(sequences, lengths, layout):
    """Return a padded 3-D batch in one of the input ``LAYOUTS``.

    Arrays come back padded with NaN after each sequence's end (not padded at
    all if every sequence fills the batch); lists hold each sequence at its
    length.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._sequences import unpad
    >>> batch = np.ones((2, 3, 1))
    >>> unpad(batch, [3, 2], "2d")
    array([[ 1.,  1.,  1.],
           [ 1.,  1., nan]])
    >>> [sequence.shape for sequence in unpad(batch, [3, 2], "list of 1d")]
    [(3,), (2,)]
    """
    lengths = np.asarray(lengths)
    if layout in ("2d", "3d"):
        padded = np.where(
            step_mask(lengths, sequences.shape[1])[:, :, np.newaxis], sequences, np.nan
        )
        return from_3d(padded, 2 if layout == "2d" else 3)
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}; got {layout!r}.")
    return [
        sequence[:length, 0] if layout == "list of 1d" else sequence[:length]
        for sequence, length in zip(sequences, lengths, strict=True)
    ]


def _is_sequence(element):
    # Strings have a length too, but are not sequences of numbers.
    return (
        hasattr(element, "__len__")
        and not isinstance(element, (str, bytes))
        and not isinstance(element, numbers.Number)
    )
