"""The transformer inside scikit-learn's tools: pipelines, searches, clones."""

import gc

import keras
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline

from sklearn_lstmae import LSTMAutoencoderTransformer

from .tiny import TINY

# The estimator's contract, whichever way Keras executes: eagerly, for speed.
pytestmark = pytest.mark.usefixtures("tensorflow_runs_eagerly")


def test_pipeline_into_kmeans_labels_every_sequence(univariate_sequences):
    X, _ = univariate_sequences
    pipeline = make_pipeline(
        LSTMAutoencoderTransformer(**TINY, random_state=0),
        KMeans(3, n_init=3, random_state=0),
    )
    labels = pipeline.fit_predict(X)
    assert labels.shape == (30,)
    assert set(labels) <= {0, 1, 2}


def test_cross_val_score_with_a_classifier(multivariate_sequences):
    X, y = multivariate_sequences
    pipeline = make_pipeline(
        LSTMAutoencoderTransformer(**TINY, random_state=0), LogisticRegression()
    )
    scores = cross_val_score(pipeline, X, y, cv=3)
    assert scores.shape == (3,)
    assert ((scores >= 0) & (scores <= 1)).all()


def test_cross_val_score_without_labels_uses_the_reconstruction_score(
    univariate_sequences,
):
    X, _ = univariate_sequences
    scores = cross_val_score(
        LSTMAutoencoderTransformer(**TINY, random_state=0), X, cv=3
    )
    assert (scores < 0).all()


def test_clone_copies_parameters_not_the_fitted_network(fitted_univariate):
    copy = clone(fitted_univariate)
    assert copy.get_params() == fitted_univariate.get_params()
    assert not hasattr(copy, "encoder_")


@pytest.mark.slow
# Its loky workers compile: so must the sequential search it is compared with.
@pytest.mark.compiled
def test_grid_search_in_parallel_agrees_with_sequential(univariate_sequences):
    X, _ = univariate_sequences
    grid = {"latent_dim": [2, 4]}
    # Callbacks travel to the workers with the parameters, by pickle.
    transformer = LSTMAutoencoderTransformer(
        **TINY, callbacks=[keras.callbacks.TerminateOnNaN()], random_state=0
    )

    def search(n_jobs):
        return GridSearchCV(transformer, grid, cv=2, n_jobs=n_jobs).fit(X)

    sequential, parallel = search(n_jobs=1), search(n_jobs=2)
    assert parallel.best_params_ == sequential.best_params_
    np.testing.assert_allclose(
        parallel.cv_results_["mean_test_score"],
        sequential.cv_results_["mean_test_score"],
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        parallel.transform(X), sequential.transform(X), rtol=1e-6, atol=1e-7
    )


@pytest.mark.slow
@pytest.mark.compiled
def test_repeated_fits_do_not_accumulate_python_objects(univariate_sequences):
    # Under TensorFlow each fit used to leave its traced graph behind (about
    # 35,000 objects and 25 MB); a bounded process stays near constant.
    X, _ = univariate_sequences

    def fit_and_count(times):
        for _ in range(times):
            LSTMAutoencoderTransformer(**TINY, random_state=0).fit(X).transform(X)
        gc.collect()
        return len(gc.get_objects())

    warmed_up = fit_and_count(2)
    after_four_more = fit_and_count(4)
    assert after_four_more - warmed_up < 10_000
