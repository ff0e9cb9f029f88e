"""The Keras builder: layer names, shapes, seeds and argument checks."""

import numpy as np
import pytest

from sklearn_lstmae import build_lstm_autoencoder


def _build(**overrides):
    arguments = {
        "n_timesteps": 7,
        "n_features": 3,
        "latent_dim": 2,
        "encoder_units": (4,),
        "decoder_units": (4,),
    }
    return build_lstm_autoencoder(**{**arguments, **overrides})


def _inputs(n_samples=5, n_timesteps=7, lengths=None):
    sequences = np.random.default_rng(0).standard_normal((n_samples, n_timesteps, 3))
    lengths = np.full(n_samples, n_timesteps) if lengths is None else lengths
    mask = np.arange(n_timesteps) < np.asarray(lengths)[:, None]
    return {"sequences": sequences.astype(np.float32), "mask": mask}


def _input_shapes(model):
    return {tensor.name: tuple(tensor.shape) for tensor in model.inputs}


def _output_shapes(model):
    return {name: tuple(tensor.shape) for name, tensor in model.output.items()}


def test_models_map_sequences_to_vectors_and_back():
    autoencoder, encoder, decoder, prediction_decoder = _build()
    assert _input_shapes(encoder) == {"sequences": (None, 7, 3), "mask": (None, 7)}
    assert encoder.output_shape == (None, 2)
    # Decoders output as many steps as asked for, whatever the encoder read.
    assert _input_shapes(decoder) == {"latent": (None, 2), "mask": (None, None)}
    assert decoder.output_shape == (None, None, 3)
    assert _output_shapes(autoencoder) == {"reconstruction": (None, 7, 3)}
    assert prediction_decoder is None


@pytest.mark.parametrize(
    ("objective", "conditional_decoder", "inputs", "outputs"),
    [
        ("predict", False, {"prediction_mask"}, {"prediction"}),
        (
            "composite",
            True,
            {"prediction_mask", "reconstruction_targets", "prediction_targets"},
            {"reconstruction", "prediction"},
        ),
    ],
)
def test_objective_decides_the_decoders(
    objective, conditional_decoder, inputs, outputs
):
    networks = _build(objective=objective, conditional_decoder=conditional_decoder)
    assert set(_input_shapes(networks.autoencoder)) == {"sequences", "mask", *inputs}
    assert set(networks.autoencoder.output) == outputs
    assert (networks.decoder is not None) == ("reconstruction" in outputs)
    assert networks.prediction_decoder.output_shape == (None, None, 3)
    assert networks.prediction_decoder.get_layer("predictor_repeat")


def test_networks_of_any_length_take_sequences_of_any_length():
    autoencoder, encoder, *_ = build_lstm_autoencoder(
        None, 3, latent_dim=2, encoder_units=4, decoder_units=4, seed=0
    )
    for n_timesteps in (4, 11):
        inputs = _inputs(n_timesteps=n_timesteps)
        outputs = autoencoder.predict(inputs, verbose=0)
        assert outputs["reconstruction"].shape == (5, n_timesteps, 3)
        assert encoder.predict(inputs, verbose=0).shape == (5, 2)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"bidirectional": True, "encoder_units": (4, 5)},
        {"bottleneck_state": "hidden_and_cell", "bidirectional": True},
        {"bottleneck_state": "mean", "encoder_units": (4, 5)},
        {"bottleneck_state": "hidden_and_mean", "bidirectional": True},
    ],
    ids=["forward", "bidirectional-stacked", "hidden-and-cell", "mean", "both"],
)
def test_encoder_skips_masked_steps_whatever_they_hold(options):
    encoder = _build(**options, seed=0).encoder
    inputs = _inputs(lengths=[4, 4, 7, 2, 5])
    changed = dict(inputs, sequences=inputs["sequences"].copy())
    changed["sequences"][~inputs["mask"]] = 1e3
    np.testing.assert_allclose(
        encoder.predict(changed, verbose=0),
        encoder.predict(inputs, verbose=0),
        rtol=1e-5,
        atol=1e-6,
    )


def test_autoencoder_is_the_decoders_after_the_encoder():
    autoencoder, encoder, decoder, prediction_decoder = _build(
        objective="composite", seed=0
    )
    inputs = _inputs(lengths=[7, 3, 5, 7, 1])
    prediction_mask = np.ones((5, 2), bool)
    outputs = autoencoder.predict(
        {**inputs, "prediction_mask": prediction_mask}, verbose=0
    )
    latent = encoder.predict(inputs, verbose=0)
    for name, model, mask in [
        ("reconstruction", decoder, inputs["mask"]),
        ("prediction", prediction_decoder, prediction_mask),
    ]:
        np.testing.assert_allclose(
            outputs[name],
            model.predict({"latent": latent, "mask": mask}, verbose=0),
            rtol=1e-5,
            atol=1e-6,
        )


def test_conditioned_decoder_feeds_back_what_teacher_forcing_would_give():
    # Decoding from its own outputs must be teacher forcing on those outputs:
    # the same weights, conditioned on the same previous steps.
    autoencoder, encoder, decoder, _ = _build(
        conditional_decoder=True, decoder_units=(4, 5), seed=0
    )
    inputs = _inputs()
    latent = encoder.predict(inputs, verbose=0)
    decoded = decoder.predict({"latent": latent, "mask": inputs["mask"]}, verbose=0)
    forced = autoencoder.predict(
        {**inputs, "reconstruction_targets": decoded}, verbose=0
    )["reconstruction"]
    np.testing.assert_allclose(forced, decoded, rtol=1e-5, atol=1e-6)
    # And it does read them: other previous steps, other outputs.
    other = autoencoder.predict(
        {**inputs, "reconstruction_targets": decoded + 1}, verbose=0
    )["reconstruction"]
    np.testing.assert_allclose(other[:, 0], decoded[:, 0], rtol=1e-5, atol=1e-6)
    assert np.abs(other[:, 1:] - decoded[:, 1:]).min() > 0


@pytest.mark.parametrize("conditional_decoder", [False, True])
def test_decoded_steps_do_not_depend_on_how_many_follow(conditional_decoder):
    _, encoder, decoder, _ = _build(conditional_decoder=conditional_decoder, seed=0)
    latent = encoder.predict(_inputs(), verbose=0)
    short, long = (
        decoder.predict({"latent": latent, "mask": np.ones((5, n), bool)}, verbose=0)
        for n in (4, 9)
    )
    np.testing.assert_allclose(long[:, :4], short, rtol=1e-5, atol=1e-6)


def test_bidirectional_directions_have_weights_of_their_own():
    encoder = _build(bidirectional=True, seed=0).encoder
    layer = encoder.get_layer("encoder_lstm_0")
    assert layer.backward_layer.name == "backward_encoder_lstm_0"
    assert not np.allclose(
        layer.forward_layer.get_weights()[0], layer.backward_layer.get_weights()[0]
    )


def test_layers_are_named_by_role():
    _, encoder, decoder, _ = _build(encoder_units=(8, 4), decoder_units=6)
    assert [layer.name for layer in encoder.layers] == [
        "sequences",
        "mask",
        "encoder_lstm_0",
        "encoder_lstm_1",
        "bottleneck",
    ]
    assert [layer.name for layer in decoder.layers] == [
        "latent",
        "mask",
        "decoder_repeat",
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
        ({"n_timesteps": 0}, "Received: n_timesteps=0"),
        ({"encoder_units": (4, -1)}, r"Received: encoder_units=\(4, -1\)"),
        ({"decoder_units": True}, "Received: decoder_units=True"),
        ({"activation": "no_such_thing"}, "Received: activation='no_such_thing'"),
        ({"dropout": 1.0}, "Received: dropout=1.0"),
        ({"recurrent_dropout": -0.1}, "Received: recurrent_dropout=-0.1"),
        ({"objective": "forecast"}, "Received: objective='forecast'"),
    ],
)
def test_bad_arguments_name_what_was_received(overrides, message):
    with pytest.raises(ValueError, match=message):
        _build(**overrides)


@pytest.mark.parametrize(
    ("bottleneck_state", "bidirectional", "bottleneck_inputs"),
    [
        ("hidden", False, 4),
        ("hidden_and_cell", True, 16),
        ("mean", True, 8),
        ("hidden_and_mean", False, 8),
        ("hidden_and_mean", True, 16),
    ],
)
def test_bottleneck_reads_the_states_it_is_asked_for(
    bottleneck_state, bidirectional, bottleneck_inputs
):
    encoder = _build(
        bottleneck_state=bottleneck_state, bidirectional=bidirectional, seed=0
    ).encoder
    kernel = encoder.get_layer("bottleneck").kernel
    assert tuple(kernel.shape) == (bottleneck_inputs, 2)
