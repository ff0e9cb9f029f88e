"""Small data sets and tiny models shared by the tests."""

import warnings

import keras
import pytest

from sklearn_lstmae import LSTMAutoencoderTransformer
from sklearn_lstmae.datasets import make_sequences

from .tiny import TINY


@pytest.fixture
def tensorflow_runs_eagerly(request):
    """Run TensorFlow's functions eagerly, as plain Python, unless marked compiled.

    For test modules about the scikit-learn contract and the estimator's
    bookkeeping, whichever way Keras executes: tracing a graph costs several
    times a tiny fit (2.75 s against 0.48 s for fit, transform and score).
    The compiled paths are tested by the other modules and under JAX; tests
    that train for long run faster compiled (``@pytest.mark.compiled``).
    """
    if (
        keras.backend.backend() != "tensorflow"
        or request.node.get_closest_marker("compiled") is not None
    ):
        yield
        return
    import tensorflow as tf

    tf.config.run_functions_eagerly(True)
    try:
        with warnings.catch_warnings():
            # It says tf.data keeps its graphs, which is as it should be here.
            warnings.filterwarnings(
                "ignore", "Even though the `tf.config.experimental_run_functions"
            )
            yield
    finally:
        tf.config.run_functions_eagerly(False)


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
