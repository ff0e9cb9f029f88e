"""Batching, divergence detection and seeding of training."""

import keras
import numpy as np
import pytest

from sklearn_lstmae import TrainingDivergedError, build_lstm_autoencoder
from sklearn_lstmae._training import (
    DivergenceMonitor,
    SequenceBatches,
    TrainingData,
    TrainingSettings,
    adam,
    compile_network,
    network_state,
    set_network_state,
    train_network,
)


def _numbered_sequences(lengths, n_timesteps=None):
    """Sequences whose every value is the sequence's index, padded with zeros."""
    n_timesteps = n_timesteps or max(lengths)
    X = np.zeros((len(lengths), n_timesteps, 1))
    for index, length in enumerate(lengths):
        X[index, :length] = index
    return X


def _targets(X, lengths):
    """Reconstruction targets: ``X`` itself, or what is given."""
    return {"reconstruction": (X, lengths)}


def _train(model, X, lengths, *, targets=None, callbacks=(), **settings):
    """``train_network`` to reconstruct ``X`` (or ``targets``), 4 to a batch."""
    targets = _targets(X if targets is None else targets, lengths)
    settings = TrainingSettings(**{"batch_size": 4, "seed": 0, **settings})
    return train_network(
        model, TrainingData(X, lengths, targets), settings, callbacks=callbacks
    )


def _epoch(batches):
    """Index of each sequence of an epoch, in batch order, and each batch."""
    epoch = [batches[i] for i in range(len(batches))]
    indices = np.concatenate([inputs["sequences"][:, 0, 0] for inputs, _, _ in epoch])
    return indices.astype(int), epoch


def test_batches_cover_every_sample_once_per_epoch():
    lengths = np.full(10, 3)
    X = _numbered_sequences(lengths)
    batches = SequenceBatches(X, lengths, _targets(X, lengths), batch_size=4, seed=0)
    assert len(batches) == 3
    assert sorted(_epoch(batches)[0]) == list(range(10))


@pytest.mark.parametrize("bucketing", [True, False])
def test_an_epoch_of_several_passes_covers_every_sample_in_each(bucketing):
    lengths = np.arange(1, 11)
    X = _numbered_sequences(lengths)
    batches = SequenceBatches(
        X,
        lengths,
        _targets(X, lengths),
        batch_size=4,
        seed=0,
        passes=3,
        bucketing=bucketing,
    )
    assert len(batches) == 9
    indices = _epoch(batches)[0]
    passes = [indices[i * 10 : (i + 1) * 10] for i in range(3)]
    for one_pass in passes:
        assert sorted(one_pass) == list(range(10))
    # Each pass is shuffled anew.
    assert not all(np.array_equal(passes[0], other) for other in passes[1:])


def test_batches_are_reshuffled_every_epoch_from_the_seed():
    lengths = np.full(50, 3)
    X = _numbered_sequences(lengths)
    first, second = (
        SequenceBatches(X, lengths, _targets(X, lengths), batch_size=8, seed=3)
        for _ in range(2)
    )
    epoch_1 = _epoch(first)[0]
    first.on_epoch_end()
    epoch_2 = _epoch(first)[0]
    assert not np.array_equal(epoch_1, epoch_2)
    np.testing.assert_array_equal(epoch_1, _epoch(second)[0])


def test_inputs_and_targets_stay_paired():
    lengths = np.full(20, 3)
    X = _numbered_sequences(lengths)
    batches = SequenceBatches(X, lengths, _targets(-X, lengths), batch_size=6, seed=0)
    inputs, targets, _ = batches[1]
    np.testing.assert_array_equal(targets["reconstruction"], -inputs["sequences"])


def test_batches_are_cut_to_their_longest_sequence_and_masked():
    rng = np.random.default_rng(0)
    lengths = rng.integers(1, 200, size=64)
    X = _numbered_sequences(lengths)
    _, epoch = _epoch(
        SequenceBatches(X, lengths, _targets(X, lengths), batch_size=8, seed=0)
    )
    for inputs, targets, weights in epoch:
        batch_lengths = lengths[inputs["sequences"][:, 0, 0].astype(int)]
        n_steps = inputs["sequences"].shape[1]
        assert batch_lengths.max() <= n_steps < 1.13 * batch_lengths.max() + 1
        assert targets["reconstruction"].shape[1] == n_steps
        np.testing.assert_array_equal(inputs["mask"].sum(axis=1), batch_lengths)
        # Padded steps weigh nothing; the weights average to one over the batch.
        weights = weights["reconstruction"]
        assert (weights[~inputs["mask"]] == 0).all()
        np.testing.assert_allclose(weights.mean(), 1, rtol=1e-6)


def test_bucketing_saves_most_of_the_padding():
    lengths = np.random.default_rng(0).integers(10, 1000, size=256)
    X = np.zeros((256, 1000, 1), dtype=np.float32)
    _, epoch = _epoch(
        SequenceBatches(X, lengths, _targets(X, lengths), batch_size=32, seed=0)
    )
    steps_read = sum(
        inputs["sequences"].shape[0] * inputs["sequences"].shape[1]
        for inputs, _, _ in epoch
    )
    # Padding everything to the longest would read 256 * 1000 steps.
    assert steps_read < 1.3 * lengths.sum() < 0.7 * 256 * 1000


@pytest.mark.parametrize(
    ("loss", "diverged"), [(0.5, False), (np.nan, True), (np.inf, True)]
)
def test_monitor_stops_training_on_a_non_finite_loss(loss, diverged):
    monitor = DivergenceMonitor()
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.stop_training = False
    monitor.set_model(model)
    monitor.on_epoch_begin(4)
    monitor.on_train_batch_end(0, {"loss": loss})
    assert monitor.model.stop_training == diverged
    assert monitor.diverged_epoch == (5 if diverged else None)


def _compiled_network(*, learning_rate=0.01, clipnorm=1.0, n_features=3):
    model = build_lstm_autoencoder(
        None, n_features, latent_dim=2, encoder_units=4, decoder_units=4, seed=0
    ).autoencoder
    compile_network(model, adam(learning_rate=learning_rate, clipnorm=clipnorm))
    return model


def _standard_normal(shape):
    return np.random.default_rng(0).standard_normal(shape).astype(np.float32)


LENGTHS = np.array([5, 3, 5, 4, 2, 5, 1, 5])


def test_train_network_raises_with_the_epoch_and_remedies():
    model = _compiled_network(learning_rate=0.1, clipnorm=None)
    X = np.full((8, 5, 3), 1e30, dtype=np.float32)
    with pytest.raises(TrainingDivergedError, match=r"epoch 1 of 3.*learning_rate"):
        _train(model, X, LENGTHS, epochs=3)


def test_diverged_training_puts_weights_and_optimizer_back():
    model = _compiled_network()
    X = _standard_normal((8, 5, 3))
    _train(model, X, LENGTHS, epochs=2)
    before = network_state(model)
    with pytest.raises(TrainingDivergedError):
        _train(model, X * 1e30, LENGTHS, epochs=1)
    after = network_state(model)
    for saved, restored in zip(
        before["weights"] + before["optimizer_variables"],
        after["weights"] + after["optimizer_variables"],
        strict=True,
    ):
        np.testing.assert_array_equal(saved, restored)


def test_monitor_catches_a_non_finite_validation_loss():
    monitor = DivergenceMonitor()
    monitor.set_model(_compiled_network())
    monitor.on_epoch_begin(0)
    monitor.on_epoch_end(0, {"loss": 0.5, "val_loss": np.nan})
    assert monitor.diverged_metric == "validation loss"
    assert monitor.model.stop_training


def test_train_network_returns_one_loss_per_epoch():
    model = _compiled_network()
    X = _standard_normal((8, 5, 3))
    history, best_epoch = _train(model, X, LENGTHS, epochs=3)
    assert len(history["loss"]) == 3
    assert history["loss"][-1] < history["loss"][0]
    assert best_epoch is None


def test_continued_training_counts_epochs_on():
    model = _compiled_network()
    X = _standard_normal((8, 5, 3))
    _train(model, X, LENGTHS, epochs=2)
    history, best_epoch = _train(
        model, X, LENGTHS, epochs=3, initial_epoch=2, early_stopping=True
    )
    assert len(history["loss"]) == 3
    assert 3 <= best_epoch <= 5
    # 8 sequences in batches of 4: two steps an epoch.
    assert int(model.optimizer.iterations) == 5 * 2


def test_state_loads_into_a_new_model_and_trains_on_identically():
    model = _compiled_network()
    X = _standard_normal((8, 5, 3))
    _train(model, X, LENGTHS, epochs=2)
    copy = build_lstm_autoencoder(
        None, 3, latent_dim=2, encoder_units=4, decoder_units=4, seed=1
    ).autoencoder
    set_network_state(copy, network_state(model))
    for network in (model, copy):
        _train(network, X, LENGTHS, epochs=1, seed=1, initial_epoch=2)
    for original, loaded in zip(model.get_weights(), copy.get_weights(), strict=True):
        np.testing.assert_array_equal(original, loaded)


def test_callbacks_forget_the_model_after_training():
    model = _compiled_network()
    callback = keras.callbacks.History()
    X = _standard_normal((8, 5, 3))
    _train(model, X, LENGTHS, epochs=1, callbacks=[callback])
    assert callback.model is None


# With patches of 2 steps, sequences of odd lengths end in a partial patch,
# whose padded values must count for nothing either.
@pytest.mark.parametrize("patch_size", [1, 2])
def test_padded_steps_count_for_nothing_in_the_loss(patch_size):
    X = _standard_normal((8, 5, 3))
    padding = ~(np.arange(5) < LENGTHS[:, None])
    garbage = X.copy()
    garbage[padding] = 1e3
    histories = []
    for sequences in (X, garbage):
        model = _compiled_network(n_features=3 * patch_size)
        history, _ = _train(model, sequences, LENGTHS, epochs=2, patch_size=patch_size)
        histories.append(history["loss"])
    np.testing.assert_allclose(histories[0], histories[1], rtol=1e-6)


@pytest.mark.parametrize("seed", [0, 2])
def test_batches_of_new_lengths_after_the_first_two_train(seed):
    # Keras fixes the shapes its first two batches share: with these lengths
    # and seeds they share 30 steps, and the batch of 20 steps came later.
    lengths = np.repeat([30, 20], [64, 32])
    X = _standard_normal((96, 30, 3))
    history, _ = _train(
        _compiled_network(), X, lengths, epochs=2, batch_size=32, seed=seed
    )
    assert len(history["loss"]) == 2


def test_patched_batches_hold_patches_and_weigh_only_real_values():
    lengths = np.array([7, 5, 8, 2])
    # Real values are the sequence's index plus one; padding is zero.
    X = _numbered_sequences(lengths) + (np.arange(8) < lengths[:, None])[..., None]
    batches = SequenceBatches(
        X, lengths, _targets(X, lengths), batch_size=4, patch_size=3
    )
    inputs, targets, weights = batches[0]
    # 8 steps are 3 patches of 3 steps, the last one partial.
    assert inputs["sequences"].shape == (4, 3, 3)
    order = inputs["sequences"][:, 0, 0].astype(int) - 1
    np.testing.assert_array_equal(inputs["mask"].sum(axis=1), -(-lengths[order] // 3))
    weights = weights["reconstruction"]
    np.testing.assert_array_equal(weights > 0, inputs["sequences"] > 0)
    np.testing.assert_allclose(weights.mean(), 1, rtol=1e-6)
    np.testing.assert_array_equal(targets["reconstruction"], inputs["sequences"])
