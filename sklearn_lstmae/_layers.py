"""Keras layers the autoencoder needs and Keras lacks.

Both kinds of decoder read the bottleneck vector once per output step. An
unconditioned decoder reads nothing else. A conditioned decoder also reads its
previous output step (Srivastava et al., 2015): during training the true
previous step ("teacher forcing"), when decoding its own previous output.
"""

from ._keras import layers, ops

__all__ = ["ConditionedDecoderCell", "DecoderFeedback", "RepeatPerStep"]


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


class DecoderFeedback(layers.Layer):
    """The per-step input of a conditioned decoder.

    Joins, at each step, the repeated bottleneck vector, the step the decoder
    should condition on, and a flag saying whether to condition on it or on
    its own previous output. Given the ``targets`` of a training batch, the
    step is the previous target (zeros before the first): teacher forcing.
    Without targets, the flag makes the decoder feed back its own outputs.
    """

    def __init__(self, n_features, **kwargs):
        super().__init__(**kwargs)
        self.n_features = n_features

    def call(self, repeated, targets=None):
        one_step = ops.zeros_like(repeated[:, :, :1])
        if targets is None:
            previous = ops.repeat(one_step, self.n_features, axis=-1)
            use_previous = one_step
        else:
            previous = ops.concatenate(
                [ops.zeros_like(targets[:, :1]), targets[:, :-1]], axis=1
            )
            use_previous = one_step + 1
        return ops.concatenate([repeated, previous, use_previous], axis=-1)

    def compute_output_shape(self, repeated_shape, targets_shape=None):
        return (*repeated_shape[:2], repeated_shape[2] + self.n_features + 1)

    def get_config(self):
        return {**super().get_config(), "n_features": self.n_features}


class ConditionedDecoderCell(layers.Layer):
    """One step of a conditioned decoder, for ``keras.layers.RNN``.

    Reads a step of :class:`DecoderFeedback`'s output, runs stacked LSTM cells
    on the bottleneck vector and the step to condition on, and maps their
    output to one step of the sequence with a dense layer. The state carries
    each LSTM cell's hidden and cell states and the output, which the next
    step reads back when not given the true previous step.

    Parameters
    ----------
    lstm_cells : list of keras.layers.LSTMCell
        The stacked cells, first first.
    output_layer : keras.layers.Dense
        Maps the last cell's output to ``n_features`` values.
    n_features : int
        Values per output step.
    """

    def __init__(self, lstm_cells, output_layer, n_features, **kwargs):
        super().__init__(**kwargs)
        self.lstm_cells = list(lstm_cells)
        self.output_layer = output_layer
        self.n_features = n_features
        self.state_size = [
            size for cell in self.lstm_cells for size in cell.state_size
        ] + [n_features]
        self.output_size = n_features

    def build(self, input_shape):
        # The flag is not an input of the LSTMs; the step to condition on is.
        input_dim = input_shape[-1] - 1
        for cell in self.lstm_cells:
            cell.build((None, input_dim))
            input_dim = cell.units
        self.output_layer.build((None, input_dim))

    def call(self, inputs, states, training=False):
        latent_dim = inputs.shape[-1] - self.n_features - 1
        latent = inputs[:, :latent_dim]
        given = inputs[:, latent_dim:-1]
        use_given = inputs[:, -1:]
        previous = use_given * given + (1 - use_given) * states[-1]
        x = ops.concatenate([latent, previous], axis=-1)
        new_states = []
        for index, cell in enumerate(self.lstm_cells):
            x, cell_states = cell(
                x, list(states[2 * index : 2 * index + 2]), training=training
            )
            new_states.extend(cell_states)
        output = self.output_layer(x)
        return output, [*new_states, output]
