"""Keras builders for the LSTM autoencoder: encoder, decoders, and all joined.

This module knows Keras and nothing of scikit-learn. It builds networks from
plain Python arguments; the estimator decides what those arguments are.
"""

import itertools
import numbers
from typing import NamedTuple

import keras
from keras import layers

from ._layers import ConditionedDecoderCell, DecoderFeedback, RepeatPerStep
from ._objectives import OUTPUTS

__all__ = [
    "BOTTLENECK_STATES",
    "LSTMAutoencoderNetworks",
    "build_lstm_autoencoder",
]

BOTTLENECK_STATES = ("hidden", "hidden_and_cell")


class LSTMAutoencoderNetworks(NamedTuple):
    """The Keras models of one autoencoder; they share their layers."""

    autoencoder: keras.Model
    """The network trained: sequences to the outputs of its decoders."""
    encoder: keras.Model
    """Sequences to bottleneck vectors."""
    decoder: keras.Model | None
    """Bottleneck vectors to sequences, if the objective reconstructs."""
    prediction_decoder: keras.Model | None
    """Bottleneck vectors to the steps that follow, if the objective predicts."""


def build_lstm_autoencoder(
    n_timesteps,
    n_features,
    *,
    latent_dim,
    encoder_units=(64,),
    decoder_units=(64,),
    activation="tanh",
    bidirectional=False,
    bottleneck_state="hidden",
    dropout=0.0,
    recurrent_dropout=0.0,
    objective="reconstruct",
    conditional_decoder=False,
    seed=None,
):
    """Build an LSTM autoencoder as Keras models that share their layers.

    The encoder reads a sequence with one or more LSTM layers and projects the
    final hidden state to a ``latent_dim`` bottleneck. Each decoder repeats the
    bottleneck vector once per output step, runs it through its own LSTM
    layers and maps each step to ``n_features`` values with a dense layer.
    The ``objective`` decides which decoders there are: one that reconstructs
    the input, one that predicts the steps that follow it, or both on one
    encoder (the composite model of Srivastava et al., 2015).

    Every model takes, besides its data, a boolean mask per sequence of steps,
    True on the real steps of each sequence and False on the padding after its
    end. The encoder skips masked steps, so that a sequence's bottleneck vector
    is its state after its last real step, however much padding follows; a
    decoder reads only its mask's length, and outputs one step per mask step.

    Parameters
    ----------
    n_timesteps : int or None
        Length of the sequences the encoder reads, or None for networks that
        take sequences of any length.
    n_features : int
        Number of values per time step.
    latent_dim : int
        Size of the bottleneck vector.
    encoder_units : int or sequence of int, default=(64,)
        Units of the encoder LSTM layer, or of each stacked layer, first first.
    decoder_units : int or sequence of int, default=(64,)
        Units of each decoder's LSTM layer, or of each stacked layer.
    activation : str, default="tanh"
        Activation of the LSTM cells, as Keras names it.
    bidirectional : bool, default=False
        Whether each encoder layer reads the sequence both ways, a
        ``Bidirectional`` LSTM whose two directions have their own weights;
        the bottleneck then sees both final states.
    bottleneck_state : {"hidden", "hidden_and_cell"}, default="hidden"
        What the last encoder layer passes to the bottleneck: its final
        hidden state, or its final hidden and cell states side by side (of
        both directions, if bidirectional).
    dropout, recurrent_dropout : float, default=0.0
        Fraction of the inputs, and of the recurrent state, that the LSTMs
        drop during training: all of them, but for conditioned decoders.
    objective : {"reconstruct", "predict", "composite"}, default="reconstruct"
        Which decoders to build: for the output ``"reconstruction"``, for
        ``"prediction"``, or both.
    conditional_decoder : bool, default=False
        Whether each decoder also reads its previous output step: in the
        ``autoencoder``, the true previous step of its targets (teacher
        forcing); in ``decoder`` and ``prediction_decoder``, its own output.
    seed : int or None, default=None
        Seed of the weight initializers. With ``None`` Keras draws from its
        global seed generator.

    Returns
    -------
    networks : LSTMAutoencoderNetworks
        A named tuple of Keras models:

        - ``autoencoder``, the network to train, maps ``{"sequences": (batch,
          n_timesteps, n_features), "mask": (batch, n_timesteps)}`` to a dict
          of the outputs of its decoders, ``"reconstruction"`` of the same
          shape as the sequences and ``"prediction"`` of the shape of an
          input ``"prediction_mask"``, with ``n_features`` values per step. A
          conditioned decoder's targets are inputs too:
          ``"reconstruction_targets"``, ``"prediction_targets"``.
        - ``encoder`` maps the sequences and mask to bottleneck vectors
          ``(batch, latent_dim)``.
        - ``decoder`` and ``prediction_decoder`` map ``{"latent": (batch,
          latent_dim), "mask": (batch, n_steps)}`` to ``n_steps`` steps of
          reconstruction or prediction; None where the objective has none.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae import build_lstm_autoencoder
    >>> networks = build_lstm_autoencoder(
    ...     None, 1, latent_dim=2, encoder_units=(4,), decoder_units=(4,), seed=0
    ... )
    >>> networks.encoder.output_shape, networks.decoder.output_shape
    ((None, 2), (None, None, 1))
    >>> mask = np.array([[True, True, True, False]])
    >>> sequences = np.array([[[0.1], [0.2], [0.3], [0.0]]])
    >>> outputs = networks.autoencoder.predict(
    ...     {"sequences": sequences, "mask": mask}, verbose=0
    ... )
    >>> outputs["reconstruction"].shape
    (1, 4, 1)

    The composite model, with a decoder that predicts 2 steps:

    >>> networks = build_lstm_autoencoder(
    ...     None, 1, latent_dim=2, encoder_units=4, decoder_units=4,
    ...     objective="composite", seed=0,
    ... )
    >>> outputs = networks.autoencoder.predict(
    ...     {"sequences": sequences, "mask": mask,
    ...      "prediction_mask": np.ones((1, 2), bool)}, verbose=0
    ... )
    >>> sorted((name, output.shape) for name, output in outputs.items())
    [('prediction', (1, 2, 1)), ('reconstruction', (1, 4, 1))]
    """
    if n_timesteps is not None and not _is_positive_int(n_timesteps):
        raise ValueError(
            "`n_timesteps` must be a positive integer or None. "
            f"Received: n_timesteps={n_timesteps!r}"
        )
    for name, value in [
        ("n_features", n_features),
        ("latent_dim", latent_dim),
    ]:
        if not _is_positive_int(value):
            raise ValueError(
                f"`{name}` must be a positive integer. Received: {name}={value!r}"
            )
    encoder_units = _as_layer_units("encoder_units", encoder_units)
    decoder_units = _as_layer_units("decoder_units", decoder_units)
    try:
        keras.activations.get(activation)
    except ValueError as error:
        raise ValueError(
            f"`activation` must name a Keras activation. "
            f"Received: activation={activation!r}"
        ) from error

    for name, value in [("dropout", dropout), ("recurrent_dropout", recurrent_dropout)]:
        if not (isinstance(value, numbers.Real) and 0 <= value < 1):
            raise ValueError(
                f"`{name}` must be a fraction in [0, 1). Received: {name}={value!r}"
            )

    if objective not in OUTPUTS:
        raise ValueError(
            f"`objective` must be one of {tuple(OUTPUTS)}. "
            f"Received: objective={objective!r}"
        )
    if bottleneck_state not in BOTTLENECK_STATES:
        raise ValueError(
            f"`bottleneck_state` must be one of {BOTTLENECK_STATES}. "
            f"Received: bottleneck_state={bottleneck_state!r}"
        )

    new_seed = _seed_sequence(seed)

    def new_initializer(initializer_class):
        return initializer_class(seed=new_seed())

    def lstm(units, *, return_sequences, name, go_backwards=False, return_state=False):
        return layers.LSTM(
            units,
            activation=activation,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            kernel_initializer=new_initializer(keras.initializers.GlorotUniform),
            recurrent_initializer=new_initializer(keras.initializers.Orthogonal),
            # LSTMs draw dropout masks from a seed generator of their own.
            seed=new_seed(),
            name=name,
        )

    def lstm_cell(units, *, name):
        # Without dropout: keras.layers.RNN prepares dropout masks only for
        # cells it runs directly, not for cells inside another cell.
        return layers.LSTMCell(
            units,
            activation=activation,
            kernel_initializer=new_initializer(keras.initializers.GlorotUniform),
            recurrent_initializer=new_initializer(keras.initializers.Orthogonal),
            name=name,
        )

    def dense(units, *, name):
        return layers.Dense(
            units,
            kernel_initializer=new_initializer(keras.initializers.GlorotUniform),
            name=name,
        )

    # Encoder
    sequences = keras.Input(shape=(n_timesteps, n_features), name="sequences")
    mask = keras.Input(shape=(n_timesteps,), dtype="bool", name="mask")
    x = sequences
    for index, units in enumerate(encoder_units):
        # Only the last encoder layer summarises the sequence in one state.
        return_sequences = index < len(encoder_units) - 1
        # The last layer's cell state too, if the bottleneck reads it.
        return_state = not return_sequences and bottleneck_state != "hidden"
        name = f"encoder_lstm_{index}"
        layer = lstm(
            units,
            return_sequences=return_sequences,
            return_state=return_state,
            name=name,
        )
        if bidirectional:
            # A backward layer of its own: Keras would otherwise copy the
            # forward layer's configuration, seeds included, and start both
            # directions from the same weights.
            backward = lstm(
                units,
                return_sequences=return_sequences,
                return_state=return_state,
                go_backwards=True,
                name=f"backward_{name}",
            )
            layer = layers.Bidirectional(layer, backward_layer=backward, name=name)
        x = layer(x, mask=mask)
    if bottleneck_state == "hidden_and_cell":
        # [output, hidden, cell] per direction: the output is the hidden state.
        x = layers.Concatenate(name="final_states")(x[1:])
    latent = dense(latent_dim, name="bottleneck")(x)
    encoder = keras.Model(
        {"sequences": sequences, "mask": mask}, latent, name="encoder"
    )

    # Decoders
    def build_decoder(prefix):
        if conditional_decoder:
            return _ConditionedDecoder(
                prefix, decoder_units, n_features, lstm_cell, dense
            )
        return _UnconditionedDecoder(prefix, decoder_units, n_features, lstm, dense)

    names = OUTPUTS[objective]
    # The reconstruction decoder keeps the layer names of the tutorial's.
    decoders = {
        name: build_decoder("decoder" if name == "reconstruction" else "predictor")
        for name in names
    }
    decoder_models = {}
    for name, decode in decoders.items():
        latent_input = keras.Input(shape=(latent_dim,), name="latent")
        steps = keras.Input(shape=(None,), dtype="bool", name="mask")
        decoder_models[name] = keras.Model(
            {"latent": latent_input, "mask": steps},
            decode(latent_input, steps),
            name="decoder" if name == "reconstruction" else "prediction_decoder",
        )

    # Autoencoder
    inputs = {"sequences": sequences, "mask": mask}
    latent = encoder({"sequences": sequences, "mask": mask})
    outputs = {}
    for name, decode in decoders.items():
        if name == "reconstruction":
            steps = mask
        else:
            steps = inputs["prediction_mask"] = keras.Input(
                shape=(None,), dtype="bool", name="prediction_mask"
            )
        targets = None
        if conditional_decoder:
            targets = inputs[f"{name}_targets"] = keras.Input(
                shape=(None, n_features), name=f"{name}_targets"
            )
        outputs[name] = decode(latent, steps, targets)
    autoencoder = keras.Model(inputs, outputs, name="lstm_autoencoder")
    return LSTMAutoencoderNetworks(
        autoencoder,
        encoder,
        decoder_models.get("reconstruction"),
        decoder_models.get("prediction"),
    )


class _UnconditionedDecoder:
    """The tutorial's decoder: LSTMs reading the repeated bottleneck vector.

    Calling it applies the same layers each time, so that the models built
    from its outputs share their weights.
    """

    def __init__(self, prefix, units, n_features, lstm, dense):
        self.repeat = RepeatPerStep(name=f"{prefix}_repeat")
        self.lstms = [
            lstm(layer_units, return_sequences=True, name=f"{prefix}_lstm_{index}")
            for index, layer_units in enumerate(units)
        ]
        # A Dense layer maps each step on its own, as the tutorial's
        # TimeDistributed(Dense) does, without the reshaping by which
        # TimeDistributed mixes up batch and steps of unknown length in
        # TensorFlow's compiled graphs.
        self.output = dense(n_features, name=_OUTPUT_NAMES[prefix])

    def __call__(self, latent, steps, targets=None):
        x = self.repeat(latent, steps)
        for lstm in self.lstms:
            x = lstm(x)
        return self.output(x)


class _ConditionedDecoder:
    """A decoder that reads its previous output step besides the bottleneck.

    Called with ``targets`` it conditions on their previous step (teacher
    forcing, to train); without, on its own previous output (to decode).
    """

    def __init__(self, prefix, units, n_features, lstm_cell, dense):
        self.repeat = RepeatPerStep(name=f"{prefix}_repeat")
        self.feedback = DecoderFeedback(n_features, name=f"{prefix}_feedback")
        cell = ConditionedDecoderCell(
            [
                lstm_cell(layer_units, name=f"{prefix}_lstm_{index}")
                for index, layer_units in enumerate(units)
            ],
            dense(n_features, name=_OUTPUT_NAMES[prefix]),
            n_features,
            name=f"{prefix}_cell",
        )
        self.rnn = layers.RNN(cell, return_sequences=True, name=f"{prefix}_rnn")

    def __call__(self, latent, steps, targets=None):
        return self.rnn(self.feedback(self.repeat(latent, steps), targets))


_OUTPUT_NAMES = {"decoder": "reconstruction", "predictor": "prediction"}


def _is_positive_int(value):
    # bool is an int subclass, but `encoder_units=True` is a mistake, not 1 unit.
    return (
        isinstance(value, numbers.Integral)
        and not isinstance(value, bool)
        and value > 0
    )


def _as_layer_units(name, value):
    """Return the units of each stacked layer as a tuple of ints."""
    layer_units = tuple(value) if isinstance(value, (tuple, list)) else (value,)
    if not (layer_units and all(_is_positive_int(units) for units in layer_units)):
        raise ValueError(
            f"`{name}` must be a positive integer or a non-empty sequence of "
            f"positive integers. Received: {name}={value!r}"
        )
    return tuple(int(units) for units in layer_units)


def _seed_sequence(seed):
    """Return a function that gives each random part of the network its own seed.

    Keras initializers given the same integer seed draw the same values, so each
    one gets the next seed in turn. Every layer that can draw random numbers
    (the LSTMs, for dropout) needs a seed too: without one, Keras draws it from
    Python's global ``random``. ``seed=None`` leaves all choices to Keras.
    """
    seeds = itertools.count(seed) if seed is not None else itertools.repeat(None)
    return lambda: next(seeds)
