"""Synthetic sequence datasets for tests and examples."""

import numpy as np
from sklearn.utils import check_random_state

__all__ = ["make_sequences"]


def make_sequences(
    n_samples=100,
    n_timesteps=50,
    n_features=1,
    *,
    n_classes=3,
    noise=0.1,
    random_state=None,
):
    """Generate noisy sine waves whose frequency depends on their class.

    A sequence of class ``k`` completes ``k + 1`` periods over its length, with
    a random phase and amplitude shared by its features, each feature shifted
    by a further quarter period. Gaussian noise of standard deviation ``noise``
    is added to every value.

    Parameters
    ----------
    n_samples : int, default=100
        Number of sequences.
    n_timesteps : int, default=50
        Length of each sequence.
    n_features : int, default=1
        Values per time step.
    n_classes : int, default=3
        Number of frequencies; classes are assigned in turn, so they are
        balanced.
    noise : float, default=0.1
        Standard deviation of the Gaussian noise.
    random_state : int, RandomState instance or None, default=None
        Seeds the phases, amplitudes and noise.

    Returns
    -------
    X : ndarray of shape (n_samples, n_timesteps, n_features)
        The sequences.
    y : ndarray of shape (n_samples,)
        The class of each sequence, from 0 to ``n_classes - 1``.

    Examples
    --------
    >>> from sklearn_lstmae.datasets import make_sequences
    >>> X, y = make_sequences(n_samples=6, n_timesteps=20, n_features=2,
    ...                       random_state=0)
    >>> X.shape, y.tolist()
    ((6, 20, 2), [0, 1, 2, 0, 1, 2])
    """
    for name, value in [
        ("n_samples", n_samples),
        ("n_timesteps", n_timesteps),
        ("n_features", n_features),
        ("n_classes", n_classes),
    ]:
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}.")
    if noise < 0:
        raise ValueError(f"noise must be non-negative; got {noise!r}.")
    rng = check_random_state(random_state)
    y = np.arange(n_samples) % n_classes
    phase = rng.uniform(0, 2 * np.pi, size=(n_samples, 1, 1))
    amplitude = rng.uniform(0.5, 1.5, size=(n_samples, 1, 1))
    time = np.linspace(0, 2 * np.pi, n_timesteps)[np.newaxis, :, np.newaxis]
    feature_shift = np.arange(n_features)[np.newaxis, np.newaxis, :] * np.pi / 2
    frequency = (y + 1)[:, np.newaxis, np.newaxis]
    X = amplitude * np.sin(frequency * time + phase + feature_shift)
    X += noise * rng.standard_normal(X.shape)
    return X, y
