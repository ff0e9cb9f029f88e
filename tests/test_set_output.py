"""Output containers: scikit-learn's set_output and its global configuration."""

import numpy as np
import pandas as pd
import pytest
from sklearn import config_context
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import (
    check_global_output_transform_pandas,
    check_global_set_output_transform_polars,
    check_set_output_transform,
    check_set_output_transform_pandas,
    check_set_output_transform_polars,
)

from sklearn_lstmae import LSTMAutoencoderTransformer

from .tiny import TINY

pytestmark = pytest.mark.usefixtures("tensorflow_runs_eagerly")

PANDAS_CHECKS = [
    check_set_output_transform,
    check_set_output_transform_pandas,
    check_global_output_transform_pandas,
]
POLARS_CHECKS = [
    check_set_output_transform_polars,
    check_global_set_output_transform_polars,
]


# The checks themselves transform arrays with an estimator fitted on a
# DataFrame, and the reverse; StandardScaler warns in them the same way.
@pytest.mark.filterwarnings("ignore:X (does not have valid|has) feature names")
@pytest.mark.parametrize("check", PANDAS_CHECKS + POLARS_CHECKS)
def test_scikit_learn_set_output_checks(check):
    if check in POLARS_CHECKS:
        pytest.importorskip("polars")
    check("LSTMAutoencoderTransformer", LSTMAutoencoderTransformer(**TINY))


@pytest.mark.parametrize("objective", ["reconstruct", "predict"])
def test_every_method_works_under_global_pandas_output(univariate_sequences, objective):
    X, _ = univariate_sequences
    with config_context(transform_output="pandas"):
        model = LSTMAutoencoderTransformer(
            **TINY, objective=objective, horizon=2, random_state=0
        ).fit(X)
        features = model.transform(X)
        assert isinstance(features, pd.DataFrame)
        assert list(features.columns) == [
            f"lstmautoencodertransformer{index}" for index in range(3)
        ]
        scores = model.score_samples(X)
        if objective == "reconstruct":
            decoded = model.inverse_transform(features)
            assert decoded.shape == X.shape
        else:
            assert model.forecast(X).shape == (len(X), 2)
    # The same numbers as with NumPy output.
    np.testing.assert_allclose(features.to_numpy(), model.transform(X), rtol=1e-6)
    np.testing.assert_allclose(scores, model.score_samples(X), rtol=1e-6)


def test_pipeline_after_a_scaler_under_global_pandas_output(univariate_sequences):
    X, _ = univariate_sequences
    frame = pd.DataFrame(X, columns=[f"t{step}" for step in range(X.shape[1])])
    with config_context(transform_output="pandas"):
        pipeline = make_pipeline(
            StandardScaler(), LSTMAutoencoderTransformer(**TINY, random_state=0)
        ).fit(frame)
        features = pipeline.transform(frame)
        decoded = pipeline.inverse_transform(features)
    assert isinstance(features, pd.DataFrame)
    assert features.shape == (len(X), 3)
    assert decoded.shape == X.shape
    assert np.isfinite(np.asarray(decoded)).all()
