"""Sequences read as patches: ``k`` consecutive time steps side by side as one step.

An LSTM runs one step after another, so a series of 250 steps costs 250
sequential steps, and its encoder must carry the start of the series across all
of them. Read as patches of ``k`` steps, each patch one step of ``k *
n_features`` values, the same series costs ``k`` times fewer sequential steps
and loses nothing: the decoders write whole patches, which are cut back into
steps. A sequence whose length is not a multiple of ``k`` ends in a partial
patch, zero-padded; its padded values weigh nothing in the loss, value by value.

This module knows NumPy only.
"""

import math

import numpy as np

from ._batching import batch_length
from ._sequences import step_mask

__all__ = [
    "auto_patch_size",
    "batch_patches",
    "cut_batch",
    "element_mask",
    "from_patches",
    "patch_count",
    "to_patches",
]

# patch_size="auto" reads about this many patches from a training sequence of
# median length. Of 16, 24, 32, 48 and 64, 32 gave the best features on five
# real data sets, and 2 to 3 times faster fits than step by step
# (benchmarks/results/defaults_sweep.txt).
AUTO_PATCHES_PER_SEQUENCE = 32


def patch_count(n_steps, patch_size):
    """Patches that hold ``n_steps`` steps: ``ceil(n_steps / patch_size)``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._patches import patch_count
    >>> patch_count(np.array([1, 4, 5, 8]), 4)
    array([1, 1, 2, 2])
    """
    return -(-np.asarray(n_steps) // patch_size)


def auto_patch_size(lengths, *, patches_per_sequence=None):
    """Patch size that reads the median sequence in about ``patches_per_sequence``.

    The median length over ``patches_per_sequence``, rounded to the nearest
    integer, at least 1: sequences of median length under 1.5 times
    ``patches_per_sequence`` are read step by step. By default,
    ``AUTO_PATCHES_PER_SEQUENCE`` patches, 32.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._patches import auto_patch_size
    >>> auto_patch_size(np.array([24, 24])), auto_patch_size(np.array([150, 251]))
    (1, 6)
    """
    if patches_per_sequence is None:
        patches_per_sequence = AUTO_PATCHES_PER_SEQUENCE
    # Half up, where round() would round half to even.
    return max(1, math.floor(float(np.median(lengths)) / patches_per_sequence + 0.5))


def to_patches(sequences, n_patches, patch_size):
    """Sequences ``(n, n_steps, n_features)`` as ``(n, n_patches, k * n_features)``.

    The steps are cut, or zero-padded at the end, to ``n_patches * k``; each
    patch holds its ``k`` steps one after the other. Any dtype, masks too.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._patches import to_patches
    >>> to_patches(np.arange(5).reshape(1, 5, 1), 3, 2)[0]
    array([[0, 1],
           [2, 3],
           [4, 0]])
    """
    n_samples, n_steps, n_features = sequences.shape
    n_wanted = n_patches * patch_size
    if n_steps < n_wanted:
        padded = np.zeros((n_samples, n_wanted, n_features), sequences.dtype)
        padded[:, :n_steps] = sequences
        sequences = padded
    return sequences[:, :n_wanted].reshape(
        n_samples, n_patches, patch_size * n_features
    )


def from_patches(patches, patch_size):
    """Patches ``(n, n_patches, k * n_features)`` back to time steps.

    The result has shape ``(n, n_patches * k, n_features)``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._patches import from_patches, to_patches
    >>> steps = np.arange(12).reshape(2, 3, 2)
    >>> bool((from_patches(to_patches(steps, 2, 2), 2)[:, :3] == steps).all())
    True
    """
    n_samples, n_patches, patch_width = patches.shape
    if patch_width % patch_size:
        raise ValueError(
            f"Patches of {patch_width} values cannot hold {patch_size} steps of "
            "equal width."
        )
    return patches.reshape(n_samples, n_patches * patch_size, patch_width // patch_size)


def element_mask(lengths, n_patches, patch_size, n_features):
    """True on each real value of patched sequences ``(n, n_patches, k * n_features)``.

    Examples
    --------
    >>> from sklearn_lstmae._patches import element_mask
    >>> element_mask([3], 2, 2, 1).astype(int)
    array([[[1, 1],
            [1, 0]]])
    """
    steps = step_mask(lengths, n_patches * patch_size)
    values = np.broadcast_to(steps[:, :, np.newaxis], (*steps.shape, n_features))
    return to_patches(values, n_patches, patch_size)


def batch_patches(lengths, n_timesteps, patch_size, *, bucketing=True):
    """Patches a batch of sequences of ``lengths`` is cut to, and their mask.

    With ``bucketing``, the batch is cut to its longest sequence, rounded up by
    :func:`~sklearn_lstmae._batching.batch_length`; without, every batch keeps
    all ``n_timesteps`` steps of the data. The mask is True on the patches
    that hold real steps.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._patches import batch_patches
    >>> n_patches, mask = batch_patches(np.array([3, 5]), 9, 2)
    >>> n_patches, mask.astype(int)
    (3, array([[1, 1, 0],
           [1, 1, 1]]))
    """
    most_patches = patch_count(n_timesteps, patch_size)
    n_patches = (
        batch_length(patch_count(lengths.max(), patch_size), most_patches)
        if bucketing
        else most_patches
    )
    return n_patches, step_mask(patch_count(lengths, patch_size), n_patches)


def cut_batch(sequences, lengths, batch, patch_size, *, bucketing=True):
    """One batch of padded sequences as patches, cut as :func:`batch_patches` says.

    Returns the patches, their mask, and the mask of their values (True on
    the real ones).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._patches import cut_batch
    >>> sequences = np.arange(1.0, 7.0).reshape(2, 3, 1)
    >>> patches, mask, real = cut_batch(sequences, np.array([3, 1]), [1], 2)
    >>> patches, mask
    (array([[[4., 0.]]]), array([[ True]]))
    """
    lengths = lengths[batch]
    n_patches, mask = batch_patches(
        lengths, sequences.shape[1], patch_size, bucketing=bucketing
    )
    real = element_mask(lengths, n_patches, patch_size, sequences.shape[2])
    patches = to_patches(
        sequences[batch, : n_patches * patch_size], n_patches, patch_size
    )
    # The mask hides whole patches from the LSTMs, not the padding beside
    # the real steps of a partial one: make that zeros, whatever it held.
    return np.where(real, patches, 0).astype(patches.dtype, copy=False), mask, real
