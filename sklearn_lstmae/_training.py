"""Training of a compiled Keras network: batching, seeding, divergence.

Everything random in a fit draws from seeds the caller passes in, never from
the global Python, NumPy or TensorFlow random state, so a seeded fit is
reproducible and leaves the user's random state as it found it.
"""

import contextlib
import gc
import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._batching import (
    batch_weights,
    content_key,
    length_sorted_batches,
    shuffled_batches,
)
from ._compat import tensorflow_gradient_registry
from ._keras import keras
from ._patches import batch_patches, cut_batch, from_patches, patch_count
from ._quiet import each_network_traces_once

__all__ = [
    "TrainingData",
    "TrainingDivergedError",
    "TrainingSettings",
    "adam",
    "compile_network",
    "network_state",
    "predict_batches",
    "set_network_state",
    "squared_error",
    "train_network",
]


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


class TrainingData(NamedTuple):
    """What a network trains on: its input, and each decoder's targets."""

    inputs: np.ndarray
    """Sequences ``(n_samples, n_timesteps, n_features)``, zero after each end."""
    lengths: np.ndarray
    """Steps the encoder reads of each sequence."""
    targets: dict
    """Output name to ``(values, lengths)``: what each decoder should output,
    padded after each end, and how many steps of it."""


@dataclass(frozen=True)
class TrainingSettings:
    """How :func:`train_network` trains: one call's epochs, batches and stopping."""

    epochs: int
    """Epochs to run in this call, at most."""
    batch_size: int
    """Sequences per gradient step."""
    seed: int
    """Seed of the batch shuffling; combined with ``initial_epoch``, so that
    continued training does not replay the same order of batches."""
    initial_epoch: int = 0
    """Epochs run by earlier calls: epoch numbers in progress output, in
    callbacks and in ``best_epoch`` count on from it."""
    early_stopping: bool = False
    """Stop when the monitored loss (``"val_loss"`` with validation data,
    ``"loss"`` otherwise) has not improved by more than ``tol`` for
    ``n_iter_no_change`` epochs, and restore the weights of the best epoch."""
    n_iter_no_change: int = 10
    """Patience of early stopping."""
    tol: float = 0.0
    """Smallest decrease of the monitored loss that counts as improvement."""
    reduce_lr_on_plateau: bool = False
    """Halve the learning rate when the monitored loss has not improved for
    half of ``n_iter_no_change`` epochs, so that it acts before early stopping
    would."""
    teacher_forcing: bool = False
    """Whether the model's conditioned decoders read the targets as inputs."""
    patch_size: int = 1
    """Time steps per step of the network; the data hold time steps, and the
    model reads and writes patches of this many."""
    bucketing: bool = True
    """Batch sequences of similar lengths and cut each batch to its longest
    (:mod:`~sklearn_lstmae._batching`); False batches at random and pads
    every batch to the longest sequence of the data, as plain Keras would."""
    passes_per_epoch: int = 1
    """Passes over the data in one Keras epoch, each shuffled anew. Keras
    spends tens of milliseconds between epochs (callbacks, the input
    pipeline's restart): on a few dozen sequences, one batch an epoch, that
    is most of the time of a fit of a given number of gradient steps."""
    verbose: int = 0
    """Keras verbosity: 0 silent, 1 progress bar, 2 one line per epoch."""

    input_scaled: bool = True
    """Whether the caller scaled the input, so that advice on divergence does
    not suggest a scaling in force."""


class SequenceBatches(keras.utils.PyDataset):
    """Mini-batches of padded sequences, their masks, targets and value weights.

    Each batch holds sequences of similar length, cut to the longest of them
    (:mod:`~sklearn_lstmae._batching`), as ``(inputs, targets, weights)``:
    ``inputs`` holds the ``"sequences"`` and their ``"mask"``, and for a
    ``"prediction"`` target its ``"prediction_mask"``; ``targets`` and
    ``weights`` map each output name to its target steps and to weights, one
    per value, that give padding no say in the loss of :func:`squared_error`.
    With ``patch_size`` k, every step the network sees is a patch of k steps
    (:mod:`~sklearn_lstmae._patches`). For training, the batches are shuffled
    anew every epoch with a generator of their own: Keras would shuffle with
    the global random state.

    Parameters
    ----------
    inputs : ndarray of shape (n_samples, n_timesteps, n_features)
        What the network reads, padded with zeros after each sequence's end.
    lengths : ndarray of shape (n_samples,)
        Length of each sequence of ``inputs``.
    targets : dict of str to tuple of ndarray
        Output name to ``(values, lengths)``: what the network should output,
        padded after each end, and how many steps of it.
    batch_size : int
        Sequences per batch; one batch may be smaller.
    seed : int, sequence of int or None, default=None
        Seed of the shuffling, as :func:`numpy.random.default_rng` takes it;
        None for fixed batches in length order, for validation data.
    teacher_forcing : bool, default=False
        Whether the inputs hold the targets too, as ``"<output>_targets"``,
        for conditioned decoders.
    patch_size : int, default=1
        Time steps per step of the network.
    bucketing : bool, default=True
        Whether batches group sequences of similar length, cut to the longest
        of them; False for random batches padded to the longest of the data.
    passes : int, default=1
        Passes over the data in one epoch, each shuffled anew.
    """

    def __init__(
        self,
        inputs,
        lengths,
        targets,
        *,
        batch_size,
        seed=None,
        teacher_forcing=False,
        patch_size=1,
        bucketing=True,
        passes=1,
    ):
        super().__init__()
        self.inputs = inputs
        self.lengths = np.asarray(lengths)
        self.targets = {
            name: (values, np.asarray(target_lengths))
            for name, (values, target_lengths) in targets.items()
        }
        self.batch_size = batch_size
        self.teacher_forcing = teacher_forcing
        self.patch_size = patch_size
        self.bucketing = bucketing
        self.passes = passes
        self._rng = None if seed is None else np.random.default_rng(seed)
        self._batches = self._new_batches()

    def __len__(self):
        return len(self._batches)

    def __getitem__(self, index):
        batch = self._batches[index]
        sequences, mask, _ = cut_batch(
            self.inputs, self.lengths, batch, self.patch_size, bucketing=self.bucketing
        )
        inputs = {"sequences": sequences, "mask": mask}
        targets, weights = {}, {}
        for name, (values, lengths) in self.targets.items():
            targets[name], target_mask, real = cut_batch(
                values, lengths, batch, self.patch_size, bucketing=self.bucketing
            )
            weights[name] = batch_weights(real)
            if name == "prediction":
                inputs["prediction_mask"] = target_mask
            if self.teacher_forcing:
                inputs[f"{name}_targets"] = targets[name]
        return inputs, targets, weights

    def on_epoch_end(self):
        if self._rng is not None:
            self._batches = self._new_batches()

    def _new_batches(self):
        batches = []
        for _ in range(self.passes):
            if self.bucketing:
                batches += length_sorted_batches(
                    self.lengths, self.batch_size, rng=self._rng
                )
            else:
                batches += shuffled_batches(
                    len(self.lengths), self.batch_size, rng=self._rng
                )
        return batches


class DivergenceMonitor(keras.callbacks.Callback):
    """Stop training as soon as a loss is NaN or infinite, and remember when."""

    def __init__(self):
        super().__init__()
        self.diverged_epoch = None
        self.diverged_metric = None
        self.diverged_value = None
        self._epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        self._check(logs)

    def on_epoch_end(self, epoch, logs=None):
        # The validation loss is known only at the end of an epoch.
        self._check(logs)

    def _check(self, logs):
        for name, value in (logs or {}).items():
            if name.endswith("loss") and not math.isfinite(float(value)):
                if self.diverged_epoch is None:
                    self.diverged_epoch = self._epoch + 1
                    self.diverged_metric = name.replace("val_", "validation ")
                    self.diverged_value = float(value)
                self.model.stop_training = True


@keras.saving.register_keras_serializable(package="sklearn_lstmae")
def squared_error(y_true, y_pred):
    """The squared error of each value, not averaged: the loss of the networks.

    Keras's ``"mse"`` averages over the last axis before it weighs the steps;
    left unaveraged, each value has a weight of its own, so that the padded
    values of a partial patch weigh nothing while the real ones in it count.
    Keras then averages the weighted values, and with the weights of
    :func:`~sklearn_lstmae._batching.batch_weights` that is the mean squared
    error over real values.
    """
    return keras.ops.square(y_pred - y_true)


def compile_network(model, optimizer, *, loss_weights=None):
    """Compile ``model`` to minimise the mean squared error with ``optimizer``.

    Parameters
    ----------
    model : keras.Model
        The network to train.
    optimizer : keras.optimizers.Optimizer or dict
        An optimizer, or the configuration of one as
        :func:`keras.optimizers.serialize` returns it.
    loss_weights : dict of str to float or None, default=None
        Weight of each output's error in the loss, for networks of several
        outputs; None weighs them all 1.
    """
    if isinstance(optimizer, dict):
        optimizer = keras.optimizers.deserialize(optimizer)
    # Keras wants one loss per weight: the same error, for every output.
    loss = (
        squared_error
        if loss_weights is None
        else dict.fromkeys(loss_weights, squared_error)
    )
    model.compile(optimizer=optimizer, loss=loss, loss_weights=loss_weights)


def adam(*, learning_rate, clipnorm):
    """The Adam optimizer the estimator trains with, gradients clipped by norm."""
    return keras.optimizers.Adam(learning_rate=learning_rate, clipnorm=clipnorm)


def network_state(model):
    """Weights and optimizer state of a compiled model, as NumPy arrays.

    Returns
    -------
    state : dict
        ``"weights"``, the model's weights; ``"optimizer"``, the configuration
        of its optimizer; ``"loss_weights"``, the weights of its outputs in
        the loss; ``"optimizer_variables"``, the optimizer's variables (step
        count, learning rate, moment estimates), empty before training.
    """
    optimizer = model.optimizer
    return {
        "weights": model.get_weights(),
        "optimizer": keras.optimizers.serialize(optimizer),
        "loss_weights": model.get_compile_config()["loss_weights"],
        # An optimizer builds its variables on the first training step.
        "optimizer_variables": [
            keras.ops.convert_to_numpy(variable) for variable in optimizer.variables
        ]
        if optimizer.built
        else [],
    }


def set_network_state(model, state):
    """Compile ``model`` and load a state from :func:`network_state` into it."""
    model.set_weights(state["weights"])
    compile_network(model, state["optimizer"], loss_weights=state["loss_weights"])
    if state["optimizer_variables"]:
        model.optimizer.build(model.trainable_variables)
        for variable, value in zip(
            model.optimizer.variables, state["optimizer_variables"], strict=True
        ):
            variable.assign(value)


def train_network(model, data, settings, *, validation_data=None, callbacks=()):
    """Train a compiled model on mini-batches and return its history.

    Training continues from the model's weights and optimizer state, so calling
    this again with ``settings.initial_epoch`` set picks up where the last
    call ended.

    Parameters
    ----------
    model : keras.Model
        The network to train, in place, compiled by :func:`compile_network`;
        it takes the inputs of :class:`SequenceBatches`.
    data : TrainingData
        Training sequences, their lengths and the decoders' targets; padded
        steps count for nothing in the loss.
    settings : TrainingSettings
        Epochs, batches, seed and stopping rules of this call.
    validation_data : TrainingData or None, default=None
        Data whose loss is reported as ``"val_loss"``.
    callbacks : sequence of keras.callbacks.Callback, default=()
        Further callbacks, called after the library's own; they no longer
        refer to the model once training ends.

    Returns
    -------
    history : dict of str to list of float
        Per-epoch metrics of the epochs run, as
        :attr:`keras.callbacks.History.history`.
    best_epoch : int or None
        With early stopping, the epoch (counted from 1, including
        ``initial_epoch``) whose weights the model now holds; else None.

    Raises
    ------
    TrainingDivergedError
        If a loss became NaN or infinite. The model's weights and optimizer
        state are then put back as they were before the call, as they are
        whatever else raises during training.
    """
    for index, callback in enumerate(callbacks):
        if not isinstance(callback, keras.callbacks.Callback):
            raise TypeError(
                "callbacks must be keras.callbacks.Callback instances; item "
                f"{index} is of type {type(callback).__name__}."
            )
    divergence = DivergenceMonitor()
    stopper, rules = _stopping_rules(settings, validation=validation_data is not None)
    state_before = network_state(model)
    batch_options = {
        "batch_size": settings.batch_size,
        "teacher_forcing": settings.teacher_forcing,
        "patch_size": settings.patch_size,
        "bucketing": settings.bucketing,
    }
    batches = SequenceBatches(
        *data,
        seed=[settings.seed, settings.initial_epoch],
        passes=settings.passes_per_epoch,
        **batch_options,
    )
    if validation_data is not None:
        validation_data = _fit_input(SequenceBatches(*validation_data, **batch_options))
    with (
        _forgetting_tensorflow_gradient_registrations(),
        _detached(callbacks),
        _state_put_back_on_error(model, state_before),
        each_network_traces_once(),
    ):
        history = model.fit(
            _fit_input(batches),
            epochs=settings.initial_epoch + settings.epochs,
            initial_epoch=settings.initial_epoch,
            validation_data=validation_data,
            # SequenceBatches shuffles with its own seed; Keras's shuffle would not.
            shuffle=False,
            callbacks=[divergence, *rules, *callbacks],
            verbose=settings.verbose,
        )
    if divergence.diverged_epoch is not None:
        # Stopping inside an epoch leaves TensorFlow's batch iterator in a
        # reference cycle; freed at interpreter exit, it warns that Python is
        # gone. Collect it now, while Python is still there.
        gc.collect()
        set_network_state(model, state_before)
        raise _diverged_error(divergence, model.optimizer, settings)
    history = {
        name: [float(value) for value in values]
        for name, values in history.history.items()
    }
    best_epoch = stopper.best_epoch + 1 if stopper is not None else None
    return history, best_epoch


@contextlib.contextmanager
def _state_put_back_on_error(model, state):
    """Put ``state`` back into ``model`` if training raises (a callback, Ctrl-C)."""
    try:
        yield
    except BaseException:
        gc.collect()  # as after a divergence: the iterator's reference cycle
        set_network_state(model, state)
        raise


def _stopping_rules(settings, *, validation):
    """Keras callbacks for early stopping and learning-rate plateaus.

    Returns the early-stopping callback (or None) and the list of all of them.
    """
    monitor = "val_loss" if validation else "loss"
    rules = []
    stopper = None
    if settings.early_stopping:
        stopper = keras.callbacks.EarlyStopping(
            monitor=monitor,
            min_delta=settings.tol,
            patience=settings.n_iter_no_change,
            restore_best_weights=True,
        )
        rules.append(stopper)
    if settings.reduce_lr_on_plateau:
        rules.append(
            keras.callbacks.ReduceLROnPlateau(
                monitor=monitor,
                factor=0.5,
                patience=max(1, settings.n_iter_no_change // 2),
                min_delta=settings.tol,
            )
        )
    return stopper, rules


def _diverged_error(divergence, optimizer, settings):
    """The error that says when training diverged, and what to try.

    It suggests only what is not in force already.
    """
    advice = [
        "a smaller learning_rate (now "
        f"{float(keras.ops.convert_to_numpy(optimizer.learning_rate)):g})"
    ]
    if optimizer.clipnorm is None:
        advice.append("gradient clipping (clipnorm=1.0; now None)")
    if not settings.input_scaled:
        advice.append(
            "scaling the input (scaling='standard') so that its values are of order 1"
        )
    return TrainingDivergedError(
        f"Training diverged: the {divergence.diverged_metric} became "
        f"{divergence.diverged_value} in epoch {divergence.diverged_epoch} of "
        f"{settings.initial_epoch + settings.epochs}. Try "
        + ", ".join(advice[:-1])
        + (" and " if len(advice) > 1 else "")
        + advice[-1]
        + "."
    )


def predict_batches(
    model, lengths, *, batch_size, sequences=None, latent=None, patch_size=1
):
    """Run a network on sequences of any lengths, a batch of similar ones at a time.

    Parameters
    ----------
    model : keras.Model
        A network of :func:`~sklearn_lstmae._network.build_lstm_autoencoder`.
    lengths : ndarray of shape (n_samples,)
        Length of each sequence, read or to be output.
    batch_size : int
        Sequences per forward pass.
    sequences : ndarray of shape (n_samples, n_timesteps, n_features), default=None
        The ``"sequences"`` input, padded with zeros, for the encoder.
    latent : ndarray of shape (n_samples, latent_dim), default=None
        The ``"latent"`` input, for a decoder.
    patch_size : int, default=1
        Time steps per step of the network: ``lengths``, ``sequences`` and the
        outputs count time steps, the network reads and writes patches.

    Returns
    -------
    outputs : ndarray of shape (n_samples, ...)
        The network's output for each sequence, in the order of ``lengths``;
        sequences are padded with zeros to the longest length.
    """
    lengths = np.asarray(lengths)
    n_timesteps = sequences.shape[1] if sequences is not None else lengths.max()
    most_patches = patch_count(n_timesteps, patch_size)
    outputs = None
    # In an order of their own, so that no output depends on the input's order.
    key = content_key(sequences if sequences is not None else latent)
    for batch in length_sorted_batches(lengths, batch_size, tiebreak=key):
        if sequences is None:
            _, mask = batch_patches(lengths[batch], n_timesteps, patch_size)
            inputs = {"mask": mask}
        else:
            patches, mask, _ = cut_batch(sequences, lengths, batch, patch_size)
            inputs = {"sequences": patches, "mask": mask}
        if latent is not None:
            inputs["latent"] = latent[batch]
        with each_network_traces_once():
            result = keras.ops.convert_to_numpy(model.predict_on_batch(inputs))
        if result.ndim == 3:
            result = from_patches(result, patch_size)
        if outputs is None:
            shape = [len(lengths), *result.shape[1:]]
            if result.ndim == 3:
                shape[1] = most_patches * patch_size
            outputs = np.zeros(shape, result.dtype)
        if result.ndim == 3:
            outputs[batch, : result.shape[1]] = result
        else:
            outputs[batch] = result
    # Whole patches may reach past the longest sequence.
    return outputs[:, :n_timesteps] if outputs.ndim == 3 else outputs


def _fit_input(batches):
    """What ``model.fit`` reads: the batches, as a pipeline of varying shapes.

    Keras reads a ``PyDataset`` under TensorFlow through a ``tf.data``
    pipeline whose shapes it infers from the first two batches: a dimension
    they share is fixed. Batches cut to their longest sequence vary in steps,
    and a fit failed whenever the first two happened to share their number of
    steps and a later batch did not (64 sequences of 30 steps and 32 of 20,
    in batches of 32, failed for 3 seeds in 8). Here the batch and step
    dimensions vary, and only the values per step are fixed. Other backends
    read the batches as they come.
    """
    if keras.backend.backend() != "tensorflow":
        return batches
    import tensorflow as tf

    def spec(array):
        shape = [None] * array.ndim
        if array.ndim == 3:
            shape[-1] = array.shape[-1]
        return tf.TensorSpec(shape, tf.as_dtype(array.dtype))

    def one_epoch():
        for index in range(len(batches)):
            yield batches[index]
        batches.on_epoch_end()

    signature = keras.tree.map_structure(spec, batches[0])
    dataset = tf.data.Dataset.from_generator(one_epoch, output_signature=signature)
    # A known number of batches per epoch, for progress bars and callbacks.
    dataset = dataset.apply(tf.data.experimental.assert_cardinality(len(batches)))
    return dataset.prefetch(tf.data.AUTOTUNE)


@contextlib.contextmanager
def _detached(callbacks):
    """Make callbacks forget the model they were called for, once training ends.

    A callback that keeps its model cannot be pickled, and keeps the network
    alive after the estimator has dropped it.
    """
    try:
        yield
    finally:
        for callback in callbacks:
            callback.set_model(None)


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
    registry = tensorflow_gradient_registry()
    before = set(registry)
    try:
        yield
    finally:
        for name in set(registry) - before:
            if name.startswith("CustomGradient-"):
                del registry[name]
