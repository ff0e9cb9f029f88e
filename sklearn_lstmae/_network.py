"""Keras builders for the LSTM autoencoder: encoder, decoder, and the two joined.

This module knows Keras and nothing of scikit-learn. It builds networks from
plain Python arguments; the estimator decides what those arguments are.
"""

import itertools
import numbers

import keras
from keras import layers, ops

__all__ = ["BOTTLENECK_STATES", "build_lstm_autoencoder"]

BOTTLENECK_STATES = ("hidden", "hidden_and_cell")


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
    seed=None,
):
    """Build an LSTM autoencoder as three Keras models that share their layers.

    The encoder reads a sequence with one or more LSTM layers and projects the
    final hidden state to a ``latent_dim`` bottleneck. The decoder repeats the
    bottleneck vector once per time step, runs it through its own LSTM layers
    and maps each step back to ``n_features`` values with a time-distributed
    dense layer.

    Every model takes, besides its data, a boolean ``mask`` of shape
    ``(batch, n_timesteps)``, True on the real steps of each sequence and False
    on the padding after its end. The encoder skips masked steps, so that a
    sequence's bottleneck vector is its state after its last real step, however
    much padding follows; the decoder reads only the mask's length, and
    outputs one step per mask step.

    Parameters
    ----------
    n_timesteps : int or None
        Length of the sequences, or None for networks that take sequences of
        any length.
    n_features : int
        Number of values per time step.
    latent_dim : int
        Size of the bottleneck vector.
    encoder_units : int or sequence of int, default=(64,)
        Units of the encoder LSTM layer, or of each stacked layer, first first.
    decoder_units : int or sequence of int, default=(64,)
        Units of the decoder LSTM layer, or of each stacked layer, first first.
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
        Fraction of the inputs, and of the recurrent state, that every LSTM
        drops during training.
    seed : int or None, default=None
        Seed of the weight initializers. With ``None`` Keras draws from its
        global seed generator.

    Returns
    -------
    autoencoder : keras.Model
        Maps ``{"sequences": (batch, n_timesteps, n_features), "mask": (batch,
        n_timesteps)}`` to reconstructed sequences of the same shape.
    encoder : keras.Model
        Maps the same inputs to bottleneck vectors ``(batch, latent_dim)``.
    decoder : keras.Model
        Maps ``{"latent": (batch, latent_dim), "mask": (batch, n_timesteps)}``
        to sequences.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae import build_lstm_autoencoder
    >>> autoencoder, encoder, decoder = build_lstm_autoencoder(
    ...     None, 1, latent_dim=2, encoder_units=(4,), decoder_units=(4,), seed=0
    ... )
    >>> encoder.output_shape, decoder.output_shape
    ((None, 2), (None, None, 1))
    >>> mask = np.array([[True, True, True, False]])
    >>> sequences = np.array([[[0.1], [0.2], [0.3], [0.0]]])
    >>> autoencoder.predict({"sequences": sequences, "mask": mask}, verbose=0).shape
    (1, 4, 1)
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
    latent = layers.Dense(
        latent_dim,
        kernel_initializer=new_initializer(keras.initializers.GlorotUniform),
        name="bottleneck",
    )(x)
    encoder = keras.Model(
        {"sequences": sequences, "mask": mask}, latent, name="encoder"
    )

    # Decoder
    latent_input = keras.Input(shape=(latent_dim,), name="latent")
    decoder_mask = keras.Input(shape=(n_timesteps,), dtype="bool", name="mask")
    x = RepeatPerStep(name="repeat")(latent_input, decoder_mask)
    for index, units in enumerate(decoder_units):
        x = lstm(units, return_sequences=True, name=f"decoder_lstm_{index}")(x)
    # A Dense layer maps each step on its own, as the tutorial's
    # TimeDistributed(Dense) does, without the reshaping by which
    # TimeDistributed mixes up batch and steps of unknown length in
    # TensorFlow's compiled graphs.
    reconstruction = layers.Dense(
        n_features,
        kernel_initializer=new_initializer(keras.initializers.GlorotUniform),
        name="reconstruction",
    )(x)
    decoder = keras.Model(
        {"latent": latent_input, "mask": decoder_mask}, reconstruction, name="decoder"
    )

    # Autoencoder
    inputs = {"sequences": sequences, "mask": mask}
    autoencoder = keras.Model(
        inputs,
        decoder({"latent": encoder(inputs), "mask": mask}),
        name="lstm_autoencoder",
    )
    return autoencoder, encoder, decoder


class RepeatPerStep(layers.Layer):
    """Repeat a vector once per step of a mask: Keras's ``RepeatVector``, with
    the number of repeats read from the batch instead of fixed at build time.
    """

    def call(self, vector, steps):
        # Broadcasting (batch, 1, dim) against (batch, steps, 1) keeps the rank
        # known to TensorFlow's graphs, which ops.repeat by a tensor loses.
        ones = ops.ones_like(ops.expand_dims(ops.cast(steps, vector.dtype), -1))
        return ops.expand_dims(vector, 1) * ones

    def compute_output_shape(self, vector_shape, steps_shape):
        return (vector_shape[0], steps_shape[1], vector_shape[1])


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
