"""Behaviour of LSTMAutoencoderTransformer: shapes, units, scores, errors."""

import random

import keras
import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_lstmae import LSTMAutoencoderTransformer, TrainingDivergedError

from .tiny import TINY

# The estimator's contract, whichever way Keras executes: eagerly, for speed.
pytestmark = pytest.mark.usefixtures("tensorflow_runs_eagerly")


def test_transform_returns_one_latent_vector_per_sequence(
    fitted_univariate, fitted_multivariate, univariate_sequences, multivariate_sequences
):
    assert fitted_univariate.transform(univariate_sequences[0]).shape == (30, 3)
    assert fitted_multivariate.transform(multivariate_sequences[0]).shape == (30, 3)


@pytest.mark.parametrize("fixture", ["univariate", "multivariate"])
def test_inverse_transform_returns_the_input_layout(fixture, request):
    X, _ = request.getfixturevalue(f"{fixture}_sequences")
    transformer = request.getfixturevalue(f"fitted_{fixture}")
    assert transformer.inverse_transform(transformer.transform(X)).shape == X.shape


def test_fitted_attributes_describe_the_network_and_training(
    fitted_multivariate,
):
    transformer = fitted_multivariate
    assert isinstance(transformer.autoencoder_, keras.Model)
    assert transformer.encoder_.output_shape == (None, 3)
    # Networks take sequences of any length.
    assert transformer.decoder_.output_shape == (None, None, 3)
    assert transformer.sequence_shape_ == (12, 3)
    assert transformer.input_layout_ == "3d"
    assert transformer.n_features_in_ == 12
    assert transformer.n_epochs_ == TINY["epochs"]
    assert len(transformer.history_["loss"]) == TINY["epochs"]
    assert all(np.isfinite(transformer.history_["loss"]))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_output_dtype_follows_input_dtype(
    fitted_univariate, univariate_sequences, dtype
):
    X = univariate_sequences[0].astype(dtype)
    latent = fitted_univariate.transform(X)
    assert latent.dtype == dtype
    assert fitted_univariate.inverse_transform(latent).dtype == dtype
    assert fitted_univariate.score_samples(X).dtype == dtype


def test_inverse_transform_returns_the_original_units(tiny_transformer):
    # Far from zero and far from unit scale: a network that forgot to undo the
    # scaling would output values near 0.
    rng = np.random.default_rng(0)
    X = 1000 + 50 * rng.standard_normal((20, 10))
    decoded = tiny_transformer.fit(X).inverse_transform(tiny_transformer.transform(X))
    assert abs(decoded.mean() - X.mean()) < 50
    assert decoded.std() < 3 * X.std()


@pytest.mark.parametrize("scaling", ["standard", "minmax", None])
def test_every_scaling_gives_finite_features(scaling, univariate_sequences):
    X, _ = univariate_sequences
    transformer = LSTMAutoencoderTransformer(**TINY, scaling=scaling, random_state=0)
    assert np.isfinite(transformer.fit_transform(X)).all()
    assert (transformer.scaler_ is None) == (scaling is None)


def test_score_samples_is_minus_the_reconstruction_error(
    fitted_multivariate, multivariate_sequences
):
    X, _ = multivariate_sequences
    reconstructed = fitted_multivariate.inverse_transform(
        fitted_multivariate.transform(X)
    )
    expected = -np.mean((reconstructed - X) ** 2, axis=(1, 2))
    scores = fitted_multivariate.score_samples(X)
    np.testing.assert_allclose(scores, expected, rtol=1e-4)
    assert (scores < 0).all()
    assert fitted_multivariate.score(X) == pytest.approx(scores.mean())


def test_same_seed_gives_identical_features(univariate_sequences):
    X, _ = univariate_sequences
    first = LSTMAutoencoderTransformer(**TINY, random_state=7).fit_transform(X)
    second = LSTMAutoencoderTransformer(**TINY, random_state=7).fit_transform(X)
    other = LSTMAutoencoderTransformer(**TINY, random_state=8).fit_transform(X)
    np.testing.assert_array_equal(first, second)
    assert not np.allclose(first, other)


def test_fit_leaves_the_global_random_state_alone(
    tiny_transformer, univariate_sequences
):
    # The legacy global NumPy state is exactly what must stay untouched.
    python_before = random.getstate()
    numpy_before = np.random.get_state()  # noqa: NPY002
    tiny_transformer.fit(univariate_sequences[0])
    assert random.getstate() == python_before
    numpy_after = np.random.get_state()  # noqa: NPY002
    np.testing.assert_array_equal(numpy_after[1], numpy_before[1])
    assert numpy_after[2:] == numpy_before[2:]


def test_stacked_layers_are_built_in_order(univariate_sequences):
    X, _ = univariate_sequences
    transformer = LSTMAutoencoderTransformer(
        2, encoder_units=(8, 4), decoder_units=[4, 6], epochs=1, random_state=0
    ).fit(X)
    encoder_layers = {layer.name: layer for layer in transformer.encoder_.layers}
    decoder_layers = {layer.name: layer for layer in transformer.decoder_.layers}
    # Bidirectional layers by default: each direction has the units.
    assert encoder_layers["encoder_lstm_0"].forward_layer.units == 8
    assert encoder_layers["encoder_lstm_1"].backward_layer.units == 4
    assert decoder_layers["decoder_lstm_1"].units == 6


def test_dropout_applies_in_training_only(univariate_sequences):
    X, _ = univariate_sequences
    transformer = LSTMAutoencoderTransformer(
        **TINY, dropout=0.3, recurrent_dropout=0.3, random_state=0
    ).fit(X)
    encoder_layer = transformer.encoder_.get_layer("encoder_lstm_0")
    assert encoder_layer.dropout == 0.3
    assert encoder_layer.recurrent_dropout == 0.3
    # Inference runs without dropout: the same input, the same vectors.
    np.testing.assert_array_equal(transformer.transform(X), transformer.transform(X))


def test_feature_names_out_are_prefixed_by_the_class_name(fitted_univariate):
    assert fitted_univariate.get_feature_names_out().tolist() == [
        "lstmautoencodertransformer0",
        "lstmautoencodertransformer1",
        "lstmautoencodertransformer2",
    ]


def test_dataframe_in_dataframe_out(univariate_sequences):
    pd = pytest.importorskip("pandas")
    X, _ = univariate_sequences
    frame = pd.DataFrame(X, columns=[f"t{step}" for step in range(X.shape[1])])
    transformer = LSTMAutoencoderTransformer(**TINY, random_state=0)
    transformer.set_output(transform="pandas")
    latent = transformer.fit_transform(frame)
    assert isinstance(latent, pd.DataFrame)
    assert latent.columns.tolist() == transformer.get_feature_names_out().tolist()
    assert transformer.feature_names_in_.tolist() == frame.columns.tolist()
    np.testing.assert_allclose(latent.to_numpy(), transformer.transform(frame))


@pytest.mark.parametrize(("verbose", "shown"), [(0, False), (2, True)])
def test_verbose_shows_progress_only_when_asked(
    univariate_sequences, capsys, verbose, shown
):
    X, _ = univariate_sequences
    LSTMAutoencoderTransformer(**TINY, verbose=verbose, random_state=0).fit(X)
    assert ("Epoch 1/2" in capsys.readouterr().out) == shown


@pytest.mark.parametrize(
    ("X", "message"),
    [
        (np.full((4, 5), np.nan), "sequence with no values, only NaN, at sample 0"),
        (
            np.array([[1.0, np.nan, 2.0]]),
            "NaN followed by real values in sample 0: NaN at time index 1, a value",
        ),
        (
            np.array([[[1.0, 1.0], [np.nan, 2.0]]]),
            "NaN in some features but not all at sample 0, time index 1",
        ),
        (np.full((4, 5), np.inf), "Input X contains infinity"),
        (np.zeros(5), r"got 1-D input of shape \(5,\). Reshape your data"),
        (np.zeros((2, 5, 1, 1)), r"got 4-D input of shape \(2, 5, 1, 1\)"),
        (np.zeros((0, 5)), r"Found array with 0 sample\(s\)"),
        (np.zeros((3, 0, 2)), r"at least one time step and one feature; got X of "),
        (np.array([["a", "b"], ["c", "d"]], dtype=object), "could not convert"),
    ],
    ids=[
        "all-nan",
        "nan-inside",
        "nan-in-one-feature",
        "inf",
        "1d",
        "4d",
        "empty",
        "no-timesteps",
        "strings",
    ],
)
def test_fit_rejects_bad_input_with_a_clear_message(tiny_transformer, X, message):
    with pytest.raises(ValueError, match=message):
        tiny_transformer.fit(X)


@pytest.mark.parametrize(
    ("shape", "message"),
    [
        ((4, 12, 2), "sequences of 2 feature\\(s\\) per step, but .* fitted on "),
        ((4, 12), "sequences of 1 feature\\(s\\) per step, but .* fitted on "),
    ],
)
def test_transform_rejects_sequences_of_other_features(
    fitted_multivariate, shape, message
):
    with pytest.raises(ValueError, match=message):
        fitted_multivariate.transform(np.zeros(shape))
    with pytest.raises(ValueError, match=message):
        fitted_multivariate.score_samples(np.zeros(shape))


def test_inverse_transform_rejects_vectors_of_the_wrong_size(fitted_univariate):
    with pytest.raises(ValueError, match="bottleneck vectors of latent_dim=3"):
        fitted_univariate.inverse_transform(np.zeros((2, 4)))


@pytest.mark.parametrize("method", ["transform", "inverse_transform", "score"])
def test_methods_need_a_fitted_transformer(tiny_transformer, method):
    with pytest.raises(NotFittedError):
        getattr(tiny_transformer, method)(np.zeros((2, 3)))


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        ({"latent_dim": 0}, InvalidParameterError, "latent_dim"),
        ({"scaling": "robust"}, InvalidParameterError, "scaling"),
        ({"encoder_units": (8, 0)}, ValueError, r"Received: encoder_units=\(8, 0\)"),
        ({"decoder_units": ()}, ValueError, r"Received: decoder_units=\(\)"),
        ({"activation": "sparkle"}, ValueError, "Received: activation='sparkle'"),
    ],
)
def test_bad_parameters_are_reported_by_name(
    univariate_sequences, params, error, message
):
    transformer = LSTMAutoencoderTransformer(**{**TINY, **params})
    with pytest.raises(error, match=message):
        transformer.fit(univariate_sequences[0])


def test_diverged_training_raises_and_leaves_the_transformer_unfitted():
    # Unscaled values this large overflow float32 in the loss at once.
    X = np.random.default_rng(0).standard_normal((20, 10)) * 1e30
    transformer = LSTMAutoencoderTransformer(
        **TINY, scaling=None, clipnorm=None, learning_rate=1.0, random_state=0
    )
    with pytest.raises(TrainingDivergedError, match="diverged.*in epoch 1 of 2"):
        transformer.fit(X)
    with pytest.raises(NotFittedError):
        transformer.transform(X)


def test_diverged_refit_keeps_the_earlier_fit(univariate_sequences):
    X, _ = univariate_sequences
    transformer = LSTMAutoencoderTransformer(**TINY, random_state=0).fit(X)
    features = transformer.transform(X)
    transformer.set_params(scaling=None, clipnorm=None, learning_rate=1.0)
    with pytest.raises(TrainingDivergedError):
        transformer.fit(np.full((20, 5), 1e30))
    # The earlier fit, whole: 12 columns, not the rejected input's 5.
    assert transformer.n_features_in_ == X.shape[1]
    np.testing.assert_array_equal(transformer.transform(X), features)


def test_scaling_rescues_data_that_diverges_unscaled():
    X = np.random.default_rng(0).standard_normal((20, 10)) * 1e30
    transformer = LSTMAutoencoderTransformer(**TINY, random_state=0).fit(X)
    assert np.isfinite(transformer.transform(X)).all()
