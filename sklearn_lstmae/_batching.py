"""Mini-batches of padded sequences, grouped by length.

An LSTM costs time in proportion to the steps it reads, padding included. A
batch is therefore cut to the longest sequence it holds, and sequences of
similar length are batched together ("bucketing"), so that a dataset with
lengths from 10 to 1,000 does not cost as if every sequence had 1,000 steps.

Cut lengths are rounded up to one of a few sizes per doubling, because
compiled backends (XLA under JAX, TensorFlow's graphs) build one program per
batch shape: a few shapes per doubling keep compilation cheap, at the price of
less than an eighth more steps.

This module knows NumPy only.
"""

import math

import numpy as np

__all__ = [
    "batch_length",
    "batch_weights",
    "content_key",
    "length_sorted_batches",
    "shuffled_batches",
]

# Batches of sequences whose lengths are this close (as a fraction) are
# interchangeable: within the tolerance, lengths are shuffled every epoch.
_LENGTH_JITTER = 0.1


def length_sorted_batches(lengths, batch_size, *, rng=None, tiebreak=None):
    """Split sample indices into batches of similar lengths.

    Parameters
    ----------
    lengths : ndarray of shape (n_samples,)
        Length of each sequence.
    batch_size : int
        Sequences per batch; one batch may be smaller.
    rng : numpy.random.Generator or None, default=None
        Shuffles sequences of similar length and the order of the batches, for
        training; None keeps both in length order, for prediction.
    tiebreak : ndarray of shape (n_samples,) or None, default=None
        Orders sequences of equal length when ``rng`` is None; by default they
        keep the order they come in. With :func:`content_key`, each sequence
        lands at the same place of the same batch whatever the order of the
        input, which keeps predictions exactly independent of it.

    Returns
    -------
    batches : list of ndarray of int
        Indices of the sequences of each batch.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._batching import length_sorted_batches
    >>> length_sorted_batches(np.array([5, 100, 6, 90]), 2)
    [array([0, 2]), array([3, 1])]
    """
    lengths = np.asarray(lengths)
    if rng is None and tiebreak is not None:
        order = np.lexsort((tiebreak, lengths))
    elif rng is None:
        order = np.argsort(lengths, kind="stable")
    else:
        # Sorting by jittered lengths varies the batches from epoch to epoch,
        # while keeping each batch's lengths within a few percent.
        jitter = rng.uniform(1 - _LENGTH_JITTER, 1 + _LENGTH_JITTER, len(lengths))
        order = np.argsort(lengths * jitter, kind="stable")
    batches = [
        order[start : start + batch_size] for start in range(0, len(order), batch_size)
    ]
    if rng is not None:
        batches = [batches[index] for index in rng.permutation(len(batches))]
    return batches


def content_key(values):
    """A number per row of ``values`` that depends on the row's values only.

    A fixed random projection of each row: rows that differ get different
    keys (but for a chance of about zero), equal rows equal ones. Sorting by
    it puts rows in an order that does not depend on the order they came in.
    The reason: a matrix product may round a row differently at another place
    of its batch (its kernels treat the last rows of a block apart), so a
    sequence's features moved by up to 6e-9 when the other sequences of a
    batch were shuffled.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._batching import content_key
    >>> values = np.array([[1.0, 2.0], [3.0, 4.0], [1.0, 2.0]])
    >>> key = content_key(values)
    >>> bool(key[0] == key[2]), bool(key[0] != key[1])
    (True, True)
    """
    rows = np.asarray(values).reshape(len(values), -1)
    projection = np.random.default_rng(0).standard_normal(rows.shape[1])
    return rows.astype(np.float64, copy=False) @ projection


def shuffled_batches(n_samples, batch_size, *, rng=None):
    """Split sample indices into batches at random, whatever their lengths.

    The batching of ordinary Keras training, with no bucketing: for
    comparisons with it (``benchmarks/bench_bucketing.py``).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._batching import shuffled_batches
    >>> shuffled_batches(5, 2)
    [array([0, 1]), array([2, 3]), array([4])]
    >>> batches = shuffled_batches(5, 2, rng=np.random.default_rng(0))
    >>> np.sort(np.concatenate(batches))
    array([0, 1, 2, 3, 4])
    """
    order = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    return [
        order[start : start + batch_size] for start in range(0, n_samples, batch_size)
    ]


def batch_length(longest, n_timesteps):
    """Steps a batch is cut to: ``longest`` rounded up, at most ``n_timesteps``.

    Lengths round up to a multiple of an eighth of the power of two below them:
    at most eight sizes per doubling, each less than an eighth longer than the
    lengths it stands for.

    Examples
    --------
    >>> from sklearn_lstmae._batching import batch_length
    >>> [batch_length(n, 1000) for n in (7, 9, 30, 130, 999)]
    [7, 9, 30, 144, 1000]
    """
    step = max(1, 2 ** math.floor(math.log2(longest)) // 8)
    return min(n_timesteps, math.ceil(longest / step) * step)


def batch_weights(mask):
    """Per-step sample weights that make a mean over steps a mean over real ones.

    Keras averages a weighted loss over every step of the batch, padding
    included; scaling the real steps' weights by (all steps / real steps)
    turns that into the mean over real steps, and padding weighs nothing.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._batching import batch_weights
    >>> batch_weights(np.array([[True, True], [True, False]]))
    array([[1.3333334, 1.3333334],
           [1.3333334, 0.       ]], dtype=float32)
    """
    return (mask * (mask.size / mask.sum())).astype(np.float32)
