"""Training objectives: reconstruct, predict (both framings), composite."""

import pickle

import numpy as np
import pytest

from sklearn_lstmae import LSTMAutoencoderTransformer
from sklearn_lstmae._objectives import split_for_objective

from .tiny import TINY

# Two sequences of 5 and 3 steps, the second padded with NaN.
SEQUENCES = np.array([[1.0, 2, 3, 4, 5], [6, 7, 8, np.nan, np.nan]])[:, :, None]
LENGTHS = np.array([5, 3])


def test_tutorial_framing_predicts_the_input_shifted_one_step_ahead():
    split = split_for_objective(SEQUENCES, LENGTHS, objective="predict", horizon=None)
    np.testing.assert_array_equal(split.encoder_lengths, LENGTHS)
    values, lengths = split.targets["prediction"]
    np.testing.assert_array_equal(lengths, [4, 2])
    np.testing.assert_array_equal(values[0, :, 0], [2, 3, 4, 5])
    np.testing.assert_array_equal(values[1, :2, 0], [7, 8])
    assert set(split.targets) == {"prediction"}


def test_future_framing_reads_the_start_and_predicts_the_last_steps():
    split = split_for_objective(SEQUENCES, LENGTHS, objective="composite", horizon=2)
    np.testing.assert_array_equal(split.encoder_lengths, [3, 1])
    values, lengths = split.targets["prediction"]
    np.testing.assert_array_equal(values[:, :, 0], [[4, 5], [7, 8]])
    np.testing.assert_array_equal(lengths, [2, 2])
    # The reconstruction decoder recreates what the encoder read.
    values, lengths = split.targets["reconstruction"]
    np.testing.assert_array_equal(lengths, [3, 1])
    np.testing.assert_array_equal(values[0, :3, 0], [1, 2, 3])


def test_reconstruction_ignores_the_horizon():
    split = split_for_objective(SEQUENCES, LENGTHS, objective="reconstruct", horizon=2)
    np.testing.assert_array_equal(split.encoder_lengths, LENGTHS)
    assert set(split.targets) == {"reconstruction"}


@pytest.mark.parametrize(
    ("horizon", "message"),
    [
        (None, "at least 2 steps.*sequence 0 has 1"),
        (3, "at least 4 steps.*first T - 3 steps.*sequence 0 has 1"),
    ],
)
def test_too_short_sequences_are_rejected_with_the_reason(horizon, message):
    with pytest.raises(ValueError, match=message):
        split_for_objective(
            SEQUENCES[:, :1], np.array([1, 1]), objective="predict", horizon=horizon
        )


@pytest.fixture(scope="module")
def sines():
    """32 sines of 12 steps and different phases, as a 3-D array."""
    phases = np.linspace(0, 6, 32)[:, None]
    return np.sin(np.linspace(0, 3, 12) + phases)[:, :, None]


@pytest.fixture(scope="module")
def future_predictor(sines):
    """A tiny composite model predicting 3 steps, with conditioned decoders."""
    return LSTMAutoencoderTransformer(
        **TINY,
        objective="composite",
        horizon=3,
        prediction_weight=0.25,
        conditional_decoder=True,
        reverse_target=True,
        validation_fraction=0.25,
        random_state=0,
    ).fit(sines)


def test_forecast_returns_the_horizon_in_the_layout_of_the_input(
    future_predictor, sines
):
    assert future_predictor.forecast(sines).shape == (32, 3, 1)
    assert future_predictor.forecast(sines[:, :, 0]).shape == (32, 3)
    forecasts = future_predictor.forecast([sines[0, :5, 0], sines[1, :, 0]])
    assert [forecast.shape for forecast in forecasts] == [(3,), (3,)]
    # Each forecast reads its own sequence only.
    np.testing.assert_allclose(
        forecasts[1], future_predictor.forecast(sines)[1, :, 0], rtol=1e-6
    )


def test_composite_score_is_the_weighted_error_of_both_decoders(
    future_predictor, sines
):
    # The encoder reads the first 9 steps; one decoder recreates them, the
    # other predicts the last 3.
    start, end = sines[:, :9], sines[:, 9:]
    reconstructed = future_predictor.inverse_transform(
        future_predictor.transform(start), lengths=9
    )
    reconstruction_error = ((reconstructed - start) ** 2).mean(axis=(1, 2))
    prediction_error = ((future_predictor.forecast(start) - end) ** 2).mean(axis=(1, 2))
    np.testing.assert_allclose(
        future_predictor.score_samples(sines),
        -(0.75 * reconstruction_error + 0.25 * prediction_error),
        rtol=1e-5,
    )


def test_composite_history_records_both_errors_and_their_weighted_sum(
    future_predictor,
):
    # One batch an epoch: over several, Keras averages the errors of the
    # batches with other weights than their weighted sum.
    history = future_predictor.history_
    assert {"val_reconstruction_loss", "val_prediction_loss"} <= set(history)
    np.testing.assert_allclose(
        history["loss"],
        0.75 * np.array(history["reconstruction_loss"])
        + 0.25 * np.array(history["prediction_loss"]),
        rtol=1e-4,
    )


@pytest.fixture(scope="module")
def shifted_predictor(sines):
    """A tiny model trained on the tutorial's framing: the input one step ahead."""
    return LSTMAutoencoderTransformer(**TINY, objective="predict", random_state=0).fit(
        sines
    )


def test_tutorial_framing_forecasts_each_step_and_the_one_after_the_end(
    shifted_predictor, sines
):
    forecasts = shifted_predictor.forecast([sines[0, :5], sines[1]])
    assert [forecast.shape for forecast in forecasts] == [(5, 1), (12, 1)]
    # It was trained to output steps 2 to T: its error on them is the score.
    predicted = shifted_predictor.forecast(sines)[:, :-1]
    np.testing.assert_allclose(
        shifted_predictor.score_samples(sines),
        -((predicted - sines[:, 1:]) ** 2).mean(axis=(1, 2)),
        rtol=1e-5,
    )


def test_methods_exist_only_for_the_decoders_trained(shifted_predictor):
    assert not hasattr(shifted_predictor, "inverse_transform")
    # The error itself says why, not only its chained cause.
    with pytest.raises(
        AttributeError,
        match=r"LSTMAutoencoderTransformer.inverse_transform needs a reconstruction "
        r"decoder, which objective='predict' does not train: set "
        r"objective='composite' or 'reconstruct'.",
    ):
        shifted_predictor.inverse_transform(np.zeros((1, 3)))
    assert not hasattr(LSTMAutoencoderTransformer(), "forecast")
    assert hasattr(LSTMAutoencoderTransformer(objective="composite"), "forecast")


def test_sequences_too_short_for_the_horizon_are_rejected(sines):
    transformer = LSTMAutoencoderTransformer(**TINY, objective="predict", horizon=12)
    with pytest.raises(ValueError, match="horizon=12 needs sequences of at least 13"):
        transformer.fit(sines)


def test_warm_start_keeps_what_the_decoders_were_trained_to_output(
    shifted_predictor, sines
):
    transformer = LSTMAutoencoderTransformer(
        **TINY, objective="predict", warm_start=True, random_state=0
    ).fit(sines)
    # The prediction weight is no part of a prediction-only model.
    transformer.set_params(prediction_weight=0.9).fit(sines)
    transformer.set_params(horizon=2)
    with pytest.raises(ValueError, match="horizon from None to 2"):
        transformer.fit(sines)
    transformer.set_params(horizon=None, conditional_decoder=True)
    with pytest.raises(ValueError, match="conditional_decoder from False to True"):
        transformer.fit(sines)


def test_composite_model_pickles_with_both_decoders(future_predictor, sines):
    restored = pickle.loads(pickle.dumps(future_predictor))
    np.testing.assert_array_equal(
        restored.forecast(sines), future_predictor.forecast(sines)
    )
    np.testing.assert_array_equal(
        restored.score_samples(sines), future_predictor.score_samples(sines)
    )
