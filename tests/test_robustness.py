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


# Parameters: NumPy scalars work wherever Python ones do


NUMPY_PARAMETERS = {
    "latent_dim": np.int64(3),
    "encoder_units": (np.int64(8),),
    "decoder_units": np.int32(8),
    "epochs": np.int64(2),
    "batch_size": np.int64(8),
    "learning_rate": np.float32(0.01),
    "clipnorm": np.float32(1.0),
    "bidirectional": np.bool_(False),
    "horizon": np.int64(2),
    "prediction_weight": np.float32(0.25),
    "patch_size": np.int64(2),
    "random_state": np.int64(0),
}


def test_numpy_scalar_parameters_work_as_python_ones(X):
    native = {
        name: value.item() if isinstance(value, np.generic) else (value[0].item(),)
        for name, value in NUMPY_PARAMETERS.items()
    }
    features = [
        LSTMAutoencoderTransformer(**params, objective="composite").fit(X).transform(X)
        for params in (NUMPY_PARAMETERS, native)
    ]
    np.testing.assert_array_equal(*features)


def test_numpy_scalars_keep_a_warm_start_going(X):
    transformer = _tiny(warm_start=True, latent_dim=np.int64(3)).fit(X)
    transformer.set_params(learning_rate=np.float32(1e-4)).fit(X)
    assert transformer.n_epochs_ == 2 * TINY["epochs"]


def test_grid_search_over_np_arange(X):
    from sklearn.model_selection import GridSearchCV

    search = GridSearchCV(
        _tiny(),
        {"latent_dim": np.arange(2, 4), "batch_size": np.array([8, 16])},
        cv=2,
        error_score="raise",
    ).fit(X)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.best_params_["latent_dim"] in (2, 3)


def test_detector_takes_numpy_scalars(X):
    detector = LSTMAutoencoderOutlierDetector(
        **TINY, n_neighbors=np.int64(3), contamination=np.float32(0.1)
    ).fit(X)
    assert detector.n_neighbors_ == 3
    assert (detector.predict(X) == -1).sum() == 3
    detector.set_params(anomaly_score="bottleneck")
    assert np.isfinite(detector.score_samples(X)).all()


# Messages name what the user set, and advise nothing already in force


def test_changed_parameters_for_partial_fit_name_partial_fit(X):
    transformer = _tiny().fit(X)
    with pytest.raises(
        ValueError,
        match="partial_fit trains the fitted network on, "
        "but latent_dim from 3 to 4 since it was built. Call fit",
    ):
        transformer.set_params(latent_dim=4).partial_fit(X)


def test_changed_parameters_for_a_warm_start_name_warm_start(X):
    transformer = _tiny(warm_start=True).fit(X)
    with pytest.raises(
        ValueError,
        match="warm_start=True trains the fitted network "
        "on, but latent_dim from 3 to 4.*Set warm_start=False",
    ):
        transformer.set_params(latent_dim=4).fit(X)


@pytest.mark.parametrize(
    ("params", "advised", "not_advised"),
    [
        ({"scaling": "standard", "clipnorm": 1.0}, [], ["clipnorm=", "scaling="]),
        ({"scaling": None, "clipnorm": 1.0}, ["scaling='standard'"], ["clipnorm="]),
        ({"scaling": "standard", "clipnorm": None}, ["clipnorm=1.0"], ["scaling="]),
    ],
)
def test_divergence_advice_leaves_out_what_is_in_force(X, params, advised, not_advised):
    from sklearn_lstmae import TrainingDivergedError

    transformer = _tiny(activation="relu", learning_rate=1e6, **params)
    with pytest.raises(TrainingDivergedError) as error:
        transformer.fit(1000 * X)
    message = str(error.value)
    assert "a smaller learning_rate (now 1e+06)" in message
    assert all(advice in message for advice in advised)
    assert not any(advice in message for advice in not_advised)
