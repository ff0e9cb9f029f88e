"""Inputs at the edges: read right, or refused clearly; never silent zeros or NaN.

Each class of input that once went wrong silently has its tests here: values
of extreme magnitude, ...
"""

import numpy as np
import pytest

from sklearn_lstmae import LSTMAutoencoderOutlierDetector, LSTMAutoencoderTransformer
from sklearn_lstmae._scaling import fit_scaler, scale, unscale

from .tiny import TINY

pytestmark = pytest.mark.usefixtures("tensorflow_runs_eagerly")

SCALINGS = ["standard", "minmax", "per_series"]


def _tiny(**params):
    return LSTMAutoencoderTransformer(**{**TINY, "random_state": 0, **params})


@pytest.fixture(scope="module")
def X(univariate_sequences):
    return univariate_sequences[0]


# Values of extreme magnitude: scaled exactly, or refused where unrepresentable


@pytest.mark.parametrize("scaling", SCALINGS)
@pytest.mark.parametrize("factor", [1e300, 1e-300, 1e160, 1e-160])
def test_scaling_is_exact_at_any_magnitude(multivariate_sequences, scaling, factor):
    X = multivariate_sequences[0].copy()
    X[0, 7:] = np.nan  # padding is ignored at any magnitude too
    reference = scale(fit_scaler(X, scaling), X)
    scaler = fit_scaler(X * factor, scaling)
    scaled = scale(scaler, X * factor)
    np.testing.assert_allclose(scaled, reference, atol=1e-12)
    np.testing.assert_allclose(
        unscale(scaler, scaled, like=X * factor), X * factor, rtol=1e-12
    )


def test_standard_scaler_keeps_the_true_statistics(X):
    scaler = fit_scaler(X[:, :, np.newaxis] * 1e300, "standard")
    np.testing.assert_allclose(scaler.mean_, X.mean() * 1e300, rtol=1e-12)
    np.testing.assert_allclose(scaler.scale_, X.std() * 1e300, rtol=1e-12)


@pytest.mark.parametrize("scaling", SCALINGS)
@pytest.mark.parametrize("factor", [1e300, 1e-300])
def test_features_do_not_depend_on_the_units(X, scaling, factor):
    expected = _tiny(scaling=scaling).fit(X).transform(X)
    features = _tiny(scaling=scaling).fit(X * factor).transform(X * factor)
    assert np.isfinite(features).all()
    np.testing.assert_allclose(features, expected, rtol=1e-5, atol=1e-6)
    # Rows differ as the sequences do: nothing collapsed to a constant.
    assert len(np.unique(features.round(6), axis=0)) == len(X)


@pytest.mark.parametrize("factor", [1e300, 1e-300])
def test_inverse_transform_comes_back_in_the_units_of_x(X, factor):
    transformer = _tiny().fit(X)
    scaled = _tiny().fit(X * factor)
    np.testing.assert_allclose(
        scaled.inverse_transform(scaled.transform(X * factor)),
        transformer.inverse_transform(transformer.transform(X)) * factor,
        rtol=1e-5,
    )


@pytest.mark.parametrize(
    ("factor", "message"),
    [
        (1e300, "overflows float64: X holds values too large to square in it"),
        (1e-300, "underflows to 0 in float64: X holds values too small"),
    ],
)
def test_scores_whose_squares_are_unrepresentable_are_refused(X, factor, message):
    transformer = _tiny().fit(X * factor)
    with pytest.raises(ValueError, match=message) as error:
        transformer.score_samples(X * factor)
    # The advice is not a setting in force: X is float64 already.
    assert "float64 values" not in str(error.value)


def test_float32_scores_suggest_float64(X):
    transformer = _tiny().fit(X)
    with pytest.raises(ValueError, match="or pass float64 values"):
        transformer.score_samples((X * 1e30).astype(np.float32))


def test_scores_of_large_values_that_square_finely_are_finite(X):
    detector = LSTMAutoencoderOutlierDetector(**TINY, random_state=0).fit(X * 1e150)
    scores = detector.score_samples(X * 1e150)
    assert np.isfinite(scores).all()
    assert (scores < 0).all()


def test_values_beyond_float32_without_scaling_are_refused(X):
    with pytest.raises(ValueError, match=r"beyond the range of float32.*scaling="):
        _tiny(scaling=None).fit(X * 1e300)


def test_new_values_far_beyond_the_training_ones_are_refused(X):
    transformer = _tiny().fit(X)
    with pytest.raises(ValueError, match="far larger than the training data") as error:
        transformer.transform(X * 1e300)
    # scaling='standard' is in force: the message does not advise it.
    assert "scaling=" not in str(error.value)


def test_inverse_transform_refuses_vectors_beyond_float32(X):
    transformer = _tiny().fit(X)
    with pytest.raises(ValueError, match="X, the bottleneck vectors, holds values"):
        transformer.inverse_transform(np.full((2, TINY["latent_dim"]), 1e40))
