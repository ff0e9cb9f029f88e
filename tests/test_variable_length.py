"""Sequences of different lengths: layouts, padding invariance, masked loss."""

import numpy as np
import pytest

from sklearn_lstmae import LSTMAutoencoderTransformer

from .tiny import TINY


def _ragged(n_samples=24, n_features=None, seed=0):
    """Sequences of 6 to 20 steps: (T_i,) or (T_i, n_features) arrays."""
    rng = np.random.default_rng(seed)
    sequences = []
    for length in rng.integers(6, 21, size=n_samples):
        steps = np.sin(np.linspace(0, 3, length))[:, np.newaxis]
        steps = steps + 0.1 * rng.standard_normal((length, n_features or 1))
        sequences.append(steps[:, 0] if n_features is None else steps)
    return sequences


def _pad(sequences, n_timesteps):
    """The NaN-padded array of tslearn's to_time_series_dataset."""
    n_features = 1 if sequences[0].ndim == 1 else sequences[0].shape[1]
    padded = np.full((len(sequences), n_timesteps, n_features), np.nan)
    for row, sequence in zip(padded, sequences, strict=True):
        row[: len(sequence)] = sequence.reshape(len(sequence), n_features)
    return padded


@pytest.fixture(scope="module")
def ragged():
    return _ragged()


@pytest.fixture(scope="module")
def fitted_on_lists(ragged):
    return LSTMAutoencoderTransformer(**TINY, random_state=0).fit(ragged)


def test_lists_and_nan_padded_arrays_are_the_same_data(ragged, fitted_on_lists):
    padded = _pad(ragged, 20)
    on_arrays = LSTMAutoencoderTransformer(**TINY, random_state=0).fit(padded)
    assert on_arrays.history_ == fitted_on_lists.history_
    np.testing.assert_allclose(
        on_arrays.transform(padded), fitted_on_lists.transform(ragged), atol=1e-6
    )


@pytest.mark.parametrize("n_features", [None, 3])
def test_padding_changes_neither_features_nor_scores(n_features):
    sequences = _ragged(n_features=n_features)
    transformer = LSTMAutoencoderTransformer(**TINY, random_state=0)
    transformer.fit(_pad(sequences, 30))
    short, long = _pad(sequences, 30), _pad(sequences, 60)
    np.testing.assert_allclose(
        transformer.transform(long), transformer.transform(short), atol=1e-5
    )
    # Batched with a 60-step sequence, every sequence is padded to 60 steps
    # inside the network, instead of to 20.
    sixty_steps = np.ones((60,) if n_features is None else (60, n_features))
    np.testing.assert_allclose(
        transformer.transform([*sequences, sixty_steps])[:-1],
        transformer.transform(sequences),
        atol=1e-5,
    )
    np.testing.assert_allclose(
        transformer.score_samples([*sequences, sixty_steps])[:-1],
        transformer.score_samples(sequences),
        rtol=1e-5,
    )


def test_padding_changes_nothing_in_a_bidirectional_encoder(ragged):
    transformer = LSTMAutoencoderTransformer(
        **{**TINY, "bidirectional": True}, random_state=0
    ).fit(ragged)
    np.testing.assert_allclose(
        transformer.transform([*ragged, np.ones(60)])[:-1],
        transformer.transform(ragged),
        atol=1e-5,
    )


def test_padding_adds_nothing_to_the_training_loss(ragged):
    fits = [
        LSTMAutoencoderTransformer(**TINY, random_state=0).fit(_pad(ragged, length))
        for length in (30, 60)
    ]
    np.testing.assert_allclose(
        fits[0].history_["loss"], fits[1].history_["loss"], rtol=1e-5
    )


@pytest.mark.parametrize(
    "objective",
    [
        {"objective": "predict"},
        {"objective": "predict", "horizon": 3, "conditional_decoder": True},
        {"objective": "composite", "horizon": 2, "reverse_target": True},
        {
            "objective": "composite",
            "horizon": 2,
            "reverse_target": True,
            "conditional_decoder": True,
            "patch_size": 3,
        },
    ],
    ids=[
        "predict-shifted",
        "predict-horizon-conditioned",
        "composite-reversed",
        "composite-reversed-conditioned-patches",
    ],
)
def test_padding_changes_nothing_whatever_the_objective(ragged, objective):
    fits = [
        LSTMAutoencoderTransformer(**TINY, **objective, random_state=0).fit(
            _pad(ragged, length)
        )
        for length in (30, 60)
    ]
    np.testing.assert_allclose(
        fits[0].history_["loss"], fits[1].history_["loss"], rtol=1e-5
    )
    # Batched with a 60-step sequence, every sequence is padded to 60 steps.
    transformer, with_long = fits[0], [*ragged, np.ones(60)]
    for method in ("transform", "score_samples"):
        np.testing.assert_allclose(
            getattr(transformer, method)(with_long)[:-1],
            getattr(transformer, method)(ragged),
            rtol=1e-5,
            atol=1e-6,
        )
    for alone, batched in zip(
        transformer.forecast(ragged), transformer.forecast(with_long), strict=False
    ):
        np.testing.assert_allclose(batched, alone, rtol=1e-5, atol=1e-6)


def test_score_is_the_error_on_real_steps_only(fitted_on_lists, ragged):
    reconstructed = fitted_on_lists.inverse_transform(
        fitted_on_lists.transform(ragged), lengths=[len(s) for s in ragged]
    )
    errors = [np.mean((r - s) ** 2) for r, s in zip(reconstructed, ragged, strict=True)]
    np.testing.assert_allclose(
        -fitted_on_lists.score_samples(ragged), errors, rtol=1e-4
    )


def test_a_step_of_zeros_is_data_not_padding():
    X = np.random.default_rng(0).standard_normal((20, 8))
    X[:, -3:] = 0.0
    transformer = LSTMAutoencoderTransformer(**TINY, random_state=0).fit(X)
    assert transformer.sequence_shape_ == (8, 1)
    cut = transformer.transform(X[:, :5].reshape(20, 5, 1))
    assert not np.allclose(transformer.transform(X), cut, atol=1e-4)


def test_transform_takes_sequences_longer_and_shorter_than_in_fit(fitted_on_lists):
    rng = np.random.default_rng(1)
    for length in (2, 45):
        sequences = rng.standard_normal((5, length, 1))
        latent = fitted_on_lists.transform(sequences)
        assert latent.shape == (5, TINY["latent_dim"])
        assert np.isfinite(latent).all()


def test_inverse_transform_returns_lists_at_the_lengths_asked(fitted_on_lists):
    latent = np.zeros((3, TINY["latent_dim"]))
    decoded = fitted_on_lists.inverse_transform(latent, lengths=[4, 9, 2])
    assert [sequence.shape for sequence in decoded] == [(4,), (9,), (2,)]
    assert [len(s) for s in fitted_on_lists.inverse_transform(latent, lengths=7)] == [
        7,
        7,
        7,
    ]


def test_inverse_transform_needs_lengths_after_a_ragged_fit(fitted_on_lists):
    with pytest.raises(ValueError, match="different lengths: pass inverse_transform"):
        fitted_on_lists.inverse_transform(np.zeros((2, TINY["latent_dim"])))
    with pytest.raises(ValueError, match="must be positive.*got 0 for vector 1"):
        fitted_on_lists.inverse_transform(np.zeros((2, 3)), lengths=[3, 0])


def test_inverse_transform_pads_arrays_with_nan(ragged):
    transformer = LSTMAutoencoderTransformer(**TINY, random_state=0)
    transformer.fit(_pad(ragged, 20))
    decoded = transformer.inverse_transform(np.zeros((2, 3)), lengths=[5, 8])
    # tslearn's layout: 3-D, padded to the longest length decoded.
    assert decoded.shape == (2, 8, 1)
    assert np.isnan(decoded[0, 5:]).all()
    assert np.isfinite(decoded[0, :5]).all()
    assert np.isfinite(decoded[1]).all()


def test_scaling_is_fitted_on_real_steps_only():
    sequences = _ragged(n_features=3)
    transformer = LSTMAutoencoderTransformer(**TINY, random_state=0).fit(sequences)
    real_steps = np.concatenate(sequences)
    np.testing.assert_allclose(transformer.scaler_.mean_, real_steps.mean(axis=0))
    np.testing.assert_allclose(transformer.scaler_.scale_, real_steps.std(axis=0))


def test_later_2d_input_keeps_the_columns_of_a_2d_fit(fitted_univariate):
    with pytest.raises(ValueError, match="X has 9 features, but .* expecting 12"):
        fitted_univariate.transform(np.zeros((4, 9)))
    # Shorter sequences fit as NaN padding; any length as a 3-D array.
    padded = np.zeros((4, 12))
    padded[:, 9:] = np.nan
    assert fitted_univariate.transform(padded).shape == (4, 3)
    assert fitted_univariate.transform(np.zeros((4, 9, 1))).shape == (4, 3)


@pytest.mark.parametrize(
    ("X", "message"),
    [
        ([np.zeros(3), np.zeros((4, 2))], "all 1-D .* or all 2-D"),
        ([np.zeros((3, 2)), np.zeros((4, 3))], r"X\[1\] has 3"),
        ([np.zeros(3), ["a", "b"]], r"X\[1\] to be a numeric sequence"),
        ([np.zeros(3), np.array([1.0, np.inf])], "contains infinity"),
        ([np.zeros(3), np.array([np.nan, 1.0])], "NaN followed by real values"),
    ],
    ids=["mixed-ndim", "mixed-features", "text", "inf", "leading-nan"],
)
def test_bad_lists_are_rejected_with_a_clear_message(X, message):
    with pytest.raises(ValueError, match=message):
        LSTMAutoencoderTransformer(**TINY).fit(X)
