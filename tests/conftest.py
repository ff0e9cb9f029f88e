"""Small data sets and tiny models shared by the tests."""

import pytest

from sklearn_lstmae import LSTMAutoencoderTransformer
from sklearn_lstmae.datasets import make_sequences

from .tiny import TINY


@pytest.fixture
def tiny_transformer():
    """An unfitted transformer with a tiny network and a fixed seed."""
    return LSTMAutoencoderTransformer(**TINY, random_state=0)


@pytest.fixture(scope="session")
def univariate_sequences():
    """30 univariate sequences of 12 steps, as a 2-D array, and their classes."""
    X, y = make_sequences(n_samples=30, n_timesteps=12, random_state=0)
    return X[:, :, 0], y


@pytest.fixture(scope="session")
def multivariate_sequences():
    """30 sequences of 12 steps with 3 features, as a 3-D array, and classes."""
    return make_sequences(n_samples=30, n_timesteps=12, n_features=3, random_state=0)


@pytest.fixture(scope="session")
def fitted_univariate(univariate_sequences):
    """A tiny transformer fitted once on the univariate sequences; do not refit."""
    X, _ = univariate_sequences
    return LSTMAutoencoderTransformer(**TINY, random_state=0).fit(X)


@pytest.fixture(scope="session")
def fitted_multivariate(multivariate_sequences):
    """A tiny transformer fitted once on the multivariate sequences; do not refit."""
    X, _ = multivariate_sequences
    return LSTMAutoencoderTransformer(**TINY, random_state=0).fit(X)
