"""Keras builders for the LSTM autoencoder: encoder, decoders, and all joined.

This module knows Keras and nothing of scikit-learn. It builds networks from
plain Python arguments; the estimator decides what those arguments are.
"""

import itertools
import numbers
from dataclasses import dataclass
from typing import NamedTuple

from ._keras import keras, layers
from ._layers import ConditionedDecoderCell, DecoderFeedback, RepeatPerStep
from ._objectives import OUTPUTS

__all__ = [
    "BOTTLENECK_STATES",
    "LSTMAutoencoderNetworks",
    "NetworkArchitecture",
    "build_lstm_autoencoder",
    "build_networks",
]

BOTTLENECK_STATES = ("hidden", "hidden_and_cell", "mean", "hidden_and_mean")


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


@dataclass(frozen=True)
class NetworkArchitecture:
    """Everything :func:`build_networks` needs to build one autoencoder.

    Plain Python values, checked and normalised when the record is made (units
    as tuples of int, NumPy scalars as Python ones), so that two records that
    build the same network compare equal and a pickle holds no Keras object.
    The fields are the arguments of :func:`build_lstm_autoencoder`, which
    documents them.
    """

    n_features: int
    latent_dim: int
    encoder_units: tuple = (64,)
    decoder_units: tuple = (64,)
    activation: str = "tanh"
    bidirectional: bool = False
    bottleneck_state: str = "hidden"
    dropout: float = 0.0
    recurrent_dropout: float = 0.0
    input_noise: float = 0.0
    objective: str = "reconstruct"
    conditional_decoder: bool = False
    n_timesteps: int | None = None
    seed: int | None = None

    def __post_init__(self):
        if self.n_timesteps is not None:
            self._set("n_timesteps", _positive_int("n_timesteps", self.n_timesteps))
        for name in ("n_features", "latent_dim"):
            self._set(name, _positive_int(name, getattr(self, name)))
        for name in ("encoder_units", "decoder_units"):
            self._set(name, _as_layer_units(name, getattr(self, name)))
        try:
            keras.activations.get(self.activation)
        except ValueError as error:
            raise ValueError(
                f"`activation` must name a Keras activation. "
                f"Received: activation={self.activation!r}"
            ) from error
        for name in ("dropout", "recurrent_dropout"):
            value = getattr(self, name)
            if not (isinstance(value, numbers.Real) and 0 <= value < 1):
                raise ValueError(
                    f"`{name}` must be a fraction in [0, 1). Received: {name}={value!r}"
                )
            self._set(name, float(value))
        if not (isinstance(self.input_noise, numbers.Real) and self.input_noise >= 0):
            raise ValueError(
                "`input_noise` must be a non-negative number. "
                f"Received: input_noise={self.input_noise!r}"
            )
        self._set("input_noise", float(self.input_noise))
        for name, allowed in [
            ("objective", tuple(OUTPUTS)),
            ("bottleneck_state", BOTTLENECK_STATES),
        ]:
            if getattr(self, name) not in allowed:
                raise ValueError(
                    f"`{name}` must be one of {allowed}. "
                    f"Received: {name}={getattr(self, name)!r}"
                )
        for name in ("bidirectional", "conditional_decoder"):
            self._set(name, bool(getattr(self, name)))
        if self.seed is not None:
            self._set("seed", int(self.seed))

    def _set(self, name, value):
        # A frozen dataclass normalises its own fields this way, once, here.
        object.__setattr__(self, name, value)


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
    input_noise=0.0,
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
    bottleneck_state : {"hidden", "hidden_and_cell", "mean", "hidden_and_mean"}, \
            default="hidden"
        What the last encoder layer passes to the bottleneck: its final
        hidden state, its final hidden and cell states side by side, the
        mean of its outputs over the real steps of the sequence, or the final
        hidden state beside that mean (of both directions, if bidirectional).
    dropout, recurrent_dropout : float, default=0.0
        Fraction of the inputs, and of the recurrent state, that the LSTMs
        drop during training: all of them, but for conditioned decoders.
    input_noise : float, default=0.0
        Standard deviation of Gaussian noise added to the encoder's input
        during training only: a denoising autoencoder, whose targets stay
        clean.
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
    return build_networks(
        NetworkArchitecture(
            n_features=n_features,
            latent_dim=latent_dim,
            encoder_units=encoder_units,
            decoder_units=decoder_units,
            activation=activation,
            bidirectional=bidirectional,
            bottleneck_state=bottleneck_state,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            input_noise=input_noise,
            objective=objective,
            conditional_decoder=conditional_decoder,
            n_timesteps=n_timesteps,
            seed=seed,
        )
    )


def build_networks(architecture):
    """Build the autoencoder a :class:`NetworkArchitecture` describes.

    Returns an :class:`LSTMAutoencoderNetworks`, as
    :func:`build_lstm_autoencoder` does.
    """
    new_layer = _LayerFactory(architecture)
    # Encoder
    sequences = keras.Input(
        shape=(architecture.n_timesteps, architecture.n_features), name="sequences"
    )
    mask = keras.Input(shape=(architecture.n_timesteps,), dtype="bool", name="mask")
    encoder = keras.Model(
        {"sequences": sequences, "mask": mask},
        _encode(sequences, mask, architecture, new_layer),
        name="encoder",
    )

    # Decoders
    decoder_class = (
        _ConditionedDecoder
        if architecture.conditional_decoder
        else _UnconditionedDecoder
    )
    # The reconstruction decoder keeps the layer names of the tutorial's.
    decoders = {
        name: decoder_class(
            _PREFIXES[name],
            architecture.decoder_units,
            architecture.n_features,
            new_layer,
        )
        for name in OUTPUTS[architecture.objective]
    }
    decoder_models = {
        name: _decoder_model(name, decode, architecture.latent_dim)
        for name, decode in decoders.items()
    }

    # Autoencoder
    autoencoder = _autoencoder_model(sequences, mask, encoder, decoders, architecture)
    return LSTMAutoencoderNetworks(
        autoencoder,
        encoder,
        decoder_models.get("reconstruction"),
        decoder_models.get("prediction"),
    )


class _LayerFactory:
    """Makes the network's layers, each initializer and dropout with its own seed."""

    def __init__(self, architecture):
        self.architecture = architecture
        self.new_seed = _seed_sequence(architecture.seed)

    def _initializer(self, initializer_class):
        return initializer_class(seed=self.new_seed())

    def lstm(
        self, units, *, return_sequences, name, go_backwards=False, return_state=False
    ):
        return layers.LSTM(
            units,
            activation=self.architecture.activation,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            dropout=self.architecture.dropout,
            recurrent_dropout=self.architecture.recurrent_dropout,
            kernel_initializer=self._initializer(keras.initializers.GlorotUniform),
            recurrent_initializer=self._initializer(keras.initializers.Orthogonal),
            # LSTMs draw dropout masks from a seed generator of their own.
            seed=self.new_seed(),
            name=name,
        )

    def lstm_cell(self, units, *, name):
        # Without dropout: keras.layers.RNN prepares dropout masks only for
        # cells it runs directly, not for cells inside another cell.
        return layers.LSTMCell(
            units,
            activation=self.architecture.activation,
            kernel_initializer=self._initializer(keras.initializers.GlorotUniform),
            recurrent_initializer=self._initializer(keras.initializers.Orthogonal),
            name=name,
        )

    def dense(self, units, *, name):
        return layers.Dense(
            units,
            kernel_initializer=self._initializer(keras.initializers.GlorotUniform),
            name=name,
        )


def _encode(sequences, mask, architecture, new_layer):
    """The encoder's layers applied to its inputs: the bottleneck vector."""
    x = sequences
    if architecture.input_noise:
        # Active in training only: predicting and encoding read clean input.
        x = layers.GaussianNoise(
            architecture.input_noise, seed=new_layer.new_seed(), name="input_noise"
        )(x)
    units = architecture.encoder_units
    state = architecture.bottleneck_state
    for index, layer_units in enumerate(units):
        last = index == len(units) - 1
        # Only the last encoder layer summarises the sequence, in its final
        # state, unless the bottleneck pools its outputs over the steps.
        return_sequences = not last or "mean" in state
        # Final states apart from the outputs, if the bottleneck reads them.
        return_state = last and state in ("hidden_and_cell", "hidden_and_mean")
        name = f"encoder_lstm_{index}"
        layer = new_layer.lstm(
            layer_units,
            return_sequences=return_sequences,
            return_state=return_state,
            name=name,
        )
        if architecture.bidirectional:
            # A backward layer of its own: Keras would otherwise copy the
            # forward layer's configuration, seeds included, and start both
            # directions from the same weights.
            backward = new_layer.lstm(
                layer_units,
                return_sequences=return_sequences,
                return_state=return_state,
                go_backwards=True,
                name=f"backward_{name}",
            )
            layer = layers.Bidirectional(layer, backward_layer=backward, name=name)
        x = layer(x, mask=mask)
    return new_layer.dense(architecture.latent_dim, name="bottleneck")(
        _bottleneck_input(x, mask, state)
    )


def _bottleneck_input(outputs, mask, state):
    """What the bottleneck reads of the last encoder layer's outputs."""
    if state == "hidden":
        return outputs
    if state == "hidden_and_cell":
        # [output, hidden, cell] per direction: the output is the hidden state.
        return layers.Concatenate(name="final_states")(outputs[1:])
    steps = outputs[0] if state == "hidden_and_mean" else outputs
    # The mean over real steps only: padding must not dilute it.
    mean = layers.GlobalAveragePooling1D(name="mean_over_steps")(steps, mask=mask)
    if state == "mean":
        return mean
    # [outputs, hidden, cell] per direction: the hidden states, then the mean.
    return layers.Concatenate(name="final_states")([*outputs[1::2], mean])


def _decoder_model(name, decode, latent_dim):
    """One decoder on its own: bottleneck vectors and a mask of steps to output."""
    latent = keras.Input(shape=(latent_dim,), name="latent")
    steps = keras.Input(shape=(None,), dtype="bool", name="mask")
    return keras.Model(
        {"latent": latent, "mask": steps},
        decode(latent, steps),
        name="decoder" if name == "reconstruction" else "prediction_decoder",
    )


def _autoencoder_model(sequences, mask, encoder, decoders, architecture):
    """The network trained: the encoder, then every decoder on its output."""
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
        if architecture.conditional_decoder:
            targets = inputs[f"{name}_targets"] = keras.Input(
                shape=(None, architecture.n_features), name=f"{name}_targets"
            )
        outputs[name] = decode(latent, steps, targets)
    return keras.Model(inputs, outputs, name="lstm_autoencoder")


class _UnconditionedDecoder:
    """The tutorial's decoder: LSTMs reading the repeated bottleneck vector.

    Calling it applies the same layers each time, so that the models built
    from its outputs share their weights.
    """

    def __init__(self, prefix, units, n_features, new_layer):
        self.repeat = RepeatPerStep(name=f"{prefix}_repeat")
        self.lstms = [
            new_layer.lstm(
                layer_units, return_sequences=True, name=f"{prefix}_lstm_{index}"
            )
            for index, layer_units in enumerate(units)
        ]
        # A Dense layer maps each step on its own, as the tutorial's
        # TimeDistributed(Dense) does, without the reshaping by which
        # TimeDistributed mixes up batch and steps of unknown length in
        # TensorFlow's compiled graphs.
        self.output = new_layer.dense(n_features, name=_OUTPUT_NAMES[prefix])

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

    def __init__(self, prefix, units, n_features, new_layer):
        self.repeat = RepeatPerStep(name=f"{prefix}_repeat")
        self.feedback = DecoderFeedback(n_features, name=f"{prefix}_feedback")
        cell = ConditionedDecoderCell(
            [
                new_layer.lstm_cell(layer_units, name=f"{prefix}_lstm_{index}")
                for index, layer_units in enumerate(units)
            ],
            new_layer.dense(n_features, name=_OUTPUT_NAMES[prefix]),
            n_features,
            name=f"{prefix}_cell",
        )
        self.rnn = layers.RNN(cell, return_sequences=True, name=f"{prefix}_rnn")

    def __call__(self, latent, steps, targets=None):
        return self.rnn(self.feedback(self.repeat(latent, steps), targets))


_OUTPUT_NAMES = {"decoder": "reconstruction", "predictor": "prediction"}
# Layer names start with the decoder's prefix, by the output it decodes.
_PREFIXES = {output: prefix for prefix, output in _OUTPUT_NAMES.items()}


def _is_positive_int(value):
    # bool is an int subclass, but `encoder_units=True` is a mistake, not 1 unit.
    return (
        isinstance(value, numbers.Integral)
        and not isinstance(value, bool)
        and value > 0
    )


def _positive_int(name, value):
    """``value`` as a Python int, or a ValueError that names the argument."""
    if not _is_positive_int(value):
        raise ValueError(
            f"`{name}` must be a positive integer. Received: {name}={value!r}"
        )
    return int(value)


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
