"""The Keras builder: layer names, shapes, seeds and argument checks."""

import numpy as np
import pytest

from sklearn_lstmae import build_lstm_autoencoder


def _build(**overrides):
    arguments = {"latent_dim": 2, "encoder_units": (4,), "decoder_units": (4,)}
    return build_lstm_autoencoder(7, 3, **{**arguments, **overrides})


def test_models_map_sequences_to_vectors_and_back():
    autoencoder, encoder, decoder = _build()
    assert encoder.input_shape == (None, 7, 3)
    assert encoder.output_shape == (None, 2)
    assert decoder.input_shape == (None, 2)
    assert decoder.output_shape == (None, 7, 3)
    assert autoencoder.output_shape == (None, 7, 3)


def test_autoencoder_is_the_decoder_after_the_encoder():
    autoencoder, encoder, decoder = _build(seed=0)
    X = np.random.default_rng(0).standard_normal((5, 7, 3)).astype(np.float32)
    np.testing.assert_allclose(
        autoencoder.predict(X, verbose=0),
        decoder.predict(encoder.predict(X, verbose=0), verbose=0),
        rtol=1e-5,
        atol=1e-6,
    )


def test_layers_are_named_by_role():
    _, encoder, decoder = _build(encoder_units=(8, 4), decoder_units=6)
    assert [layer.name for layer in encoder.layers] == [
        "sequences",
        "encoder_lstm_0",
        "encoder_lstm_1",
        "bottleneck",
    ]
    assert [layer.name for layer in decoder.layers] == [
        "latent",
        "repeat",
        "decoder_lstm_0",
        "reconstruction",
    ]


def test_same_seed_same_weights_other_seed_other_weights():
    first, second, other = (_build(seed=seed)[0] for seed in (1, 1, 2))
    for a, b in zip(first.get_weights(), second.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    kernels = [w for w in first.get_weights() if w.ndim == 2]
    other_kernels = [w for w in other.get_weights() if w.ndim == 2]
    assert not np.allclose(kernels[0], other_kernels[0])
    # Each weight has a seed of its own: no two kernels of one shape coincide.
    assert not np.allclose(kernels[0][:, :4], kernels[0][:, 4:8])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"latent_dim": 0}, "Received: latent_dim=0"),
        ({"encoder_units": (4, -1)}, r"Received: encoder_units=\(4, -1\)"),
        ({"decoder_units": True}, "Received: decoder_units=True"),
        ({"activation": "no_such_thing"}, "Received: activation='no_such_thing'"),
    ],
)
def test_bad_arguments_name_what_was_received(overrides, message):
    with pytest.raises(ValueError, match=message):
        _build(**overrides)
