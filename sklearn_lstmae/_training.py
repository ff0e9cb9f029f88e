"""Training of a compiled Keras network: batching, seeding, divergence.

Everything random in a fit draws from seeds the caller passes in, never from
the global Python, NumPy or TensorFlow random state, so a seeded fit is
reproducible and leaves the user's random state as it found it.
"""

import contextlib
import math

import keras
import numpy as np

__all__ = ["TrainingDivergedError", "train_network"]


class TrainingDivergedError(FloatingPointError):
    """Raised when the training loss becomes NaN or infinite.

    A network whose loss diverged has NaN or huge weights: its features would be
    meaningless, so the fit fails instead of returning them.

    Examples
    --------
    >>> from sklearn_lstmae import TrainingDivergedError
    >>> issubclass(TrainingDivergedError, FloatingPointError)
    True
    """


class SequenceBatches(keras.utils.PyDataset):
    """Mini-batches of ``(inputs, targets)``, shuffled anew every epoch.

    Keras shuffles arrays with the global NumPy or TensorFlow random state;
    this dataset shuffles with a generator of its own instead.

    Parameters
    ----------
    inputs, targets : ndarray of shape (n_samples, ...)
        What the network reads and what it should output.
    batch_size : int
        Sequences per batch; the last batch may be smaller.
    seed : int
        Seed of the shuffling.
    """

    def __init__(self, inputs, targets, *, batch_size, seed):
        super().__init__()
        self.inputs = inputs
        self.targets = targets
        self.batch_size = batch_size
        self._rng = np.random.default_rng(seed)
        self._order = self._rng.permutation(len(inputs))

    def __len__(self):
        return math.ceil(len(self.inputs) / self.batch_size)

    def __getitem__(self, index):
        batch = self._order[index * self.batch_size : (index + 1) * self.batch_size]
        return self.inputs[batch], self.targets[batch]

    def on_epoch_end(self):
        self._order = self._rng.permutation(len(self.inputs))


class DivergenceMonitor(keras.callbacks.Callback):
    """Stop training as soon as the loss is NaN or infinite, and remember when."""

    def __init__(self):
        super().__init__()
        self.diverged_epoch = None
        self.diverged_loss = None
        self._epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and not math.isfinite(float(loss)):
            self.diverged_epoch = self._epoch + 1
            self.diverged_loss = float(loss)
            self.model.stop_training = True


def train_network(
    model,
    inputs,
    targets,
    *,
    epochs,
    batch_size,
    learning_rate,
    clipnorm,
    seed,
    verbose=0,
):
    """Compile a model for mean squared error, train it, return its history.

    Parameters
    ----------
    model : keras.Model
        The network to train, in place.
    inputs, targets : ndarray of shape (n_samples, ...)
        Training pairs.
    epochs, batch_size : int
        As in :meth:`keras.Model.fit`.
    learning_rate : float
        Step size of the Adam optimizer.
    clipnorm : float or None
        Largest norm of each weight's gradient; ``None`` for no clipping.
    seed : int
        Seed of the batch shuffling.
    verbose : int, default=0
        Keras verbosity: 0 silent, 1 progress bar, 2 one line per epoch.

    Returns
    -------
    history : dict of str to list of float
        Per-epoch metrics, as :attr:`keras.callbacks.History.history`.

    Raises
    ------
    TrainingDivergedError
        If the loss became NaN or infinite.
    """
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate, clipnorm=clipnorm),
        loss="mse",
    )
    monitor = DivergenceMonitor()
    with _forgetting_tensorflow_gradient_registrations():
        history = model.fit(
            SequenceBatches(inputs, targets, batch_size=batch_size, seed=seed),
            epochs=epochs,
            # SequenceBatches shuffles with its own seed; Keras's shuffle would not.
            shuffle=False,
            callbacks=[monitor],
            verbose=verbose,
        )
    if monitor.diverged_epoch is not None:
        raise TrainingDivergedError(
            f"Training diverged: the loss became {monitor.diverged_loss} in epoch "
            f"{monitor.diverged_epoch} of {epochs}. Try a smaller learning_rate "
            f"(now {learning_rate:g}), gradient clipping (clipnorm=1.0; now "
            f"{clipnorm}), and scaling the input (scaling='standard') so that its "
            "values are of order 1."
        )
    return {
        name: [float(value) for value in values]
        for name, values in history.history.items()
    }


@contextlib.contextmanager
def _forgetting_tensorflow_gradient_registrations():
    """Unregister the custom gradients TensorFlow registers while tracing a fit.

    Under the TensorFlow backend, every traced training step all-reduces its
    gradients through ``tf.custom_gradient``, which registers a gradient function
    in a process-wide registry under a fresh name and never removes it. Each
    entry holds the traced graph, so every fit in a process kept about 25 MB
    alive (measured with a 8-unit network): repeated fits, as in a grid
    search, grew memory without bound. Once tracing is over the entries are
    never looked up again, and the graphs already built keep their gradients.
    """
    registry = _tensorflow_gradient_registry()
    before = set(registry)
    try:
        yield
    finally:
        for name in set(registry) - before:
            if name.startswith("CustomGradient-"):
                del registry[name]


def _tensorflow_gradient_registry():
    """TensorFlow's registry of gradient functions; empty on other backends."""
    if keras.backend.backend() != "tensorflow":
        return {}
    try:
        from tensorflow.python.framework import ops

        return ops._gradient_registry._registry
    except (ImportError, AttributeError):
        # A TensorFlow whose internals moved: keep working, just leak as before.
        return {}
