"""Batching, divergence detection and seeding of training."""

import keras
import numpy as np
import pytest

from sklearn_lstmae import TrainingDivergedError
from sklearn_lstmae._training import (
    DivergenceMonitor,
    SequenceBatches,
    adam,
    compile_network,
    network_state,
    set_network_state,
    train_network,
)


def _epoch(batches):
    return np.concatenate([batches[i][0] for i in range(len(batches))])


def test_batches_cover_every_sample_once_per_epoch():
    X = np.arange(10)
    batches = SequenceBatches(X, X, batch_size=4, seed=0)
    assert len(batches) == 3
    assert sorted(_epoch(batches)) == list(range(10))


def test_batches_are_reshuffled_every_epoch_from_the_seed():
    X = np.arange(50)
    first, second = (SequenceBatches(X, X, batch_size=8, seed=3) for _ in range(2))
    epoch_1 = _epoch(first)
    first.on_epoch_end()
    epoch_2 = _epoch(first)
    assert not np.array_equal(epoch_1, epoch_2)
    np.testing.assert_array_equal(epoch_1, _epoch(second))


def test_inputs_and_targets_stay_paired():
    X = np.arange(20)
    batches = SequenceBatches(X, -X, batch_size=6, seed=0)
    inputs, targets = batches[1]
    np.testing.assert_array_equal(targets, -inputs)


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


def _compiled_dense(*, learning_rate=0.01, clipnorm=1.0):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3)])
    compile_network(model, adam(learning_rate=learning_rate, clipnorm=clipnorm))
    return model


def _standard_normal(shape):
    return np.random.default_rng(0).standard_normal(shape).astype(np.float32)


def test_train_network_raises_with_the_epoch_and_remedies():
    model = _compiled_dense(learning_rate=0.1, clipnorm=None)
    X = np.full((8, 3), 1e30, dtype=np.float32)
    with pytest.raises(TrainingDivergedError, match=r"epoch 1 of 3.*learning_rate"):
        train_network(model, X, X, epochs=3, batch_size=4, seed=0)


def test_diverged_training_puts_weights_and_optimizer_back():
    model = _compiled_dense()
    X = _standard_normal((8, 3))
    train_network(model, X, X, epochs=2, batch_size=4, seed=0)
    before = network_state(model)
    with pytest.raises(TrainingDivergedError):
        train_network(model, X * 1e30, X * 1e30, epochs=1, batch_size=4, seed=0)
    after = network_state(model)
    for saved, restored in zip(
        before["weights"] + before["optimizer_variables"],
        after["weights"] + after["optimizer_variables"],
        strict=True,
    ):
        np.testing.assert_array_equal(saved, restored)


def test_monitor_catches_a_non_finite_validation_loss():
    monitor = DivergenceMonitor()
    monitor.set_model(_compiled_dense())
    monitor.on_epoch_begin(0)
    monitor.on_epoch_end(0, {"loss": 0.5, "val_loss": np.nan})
    assert monitor.diverged_metric == "validation loss"
    assert monitor.model.stop_training


def test_train_network_returns_one_loss_per_epoch():
    model = _compiled_dense()
    X = _standard_normal((8, 3))
    history, best_epoch = train_network(model, X, X, epochs=3, batch_size=4, seed=0)
    assert len(history["loss"]) == 3
    assert history["loss"][-1] < history["loss"][0]
    assert best_epoch is None


def test_continued_training_counts_epochs_on():
    model = _compiled_dense()
    X = _standard_normal((8, 3))
    train_network(model, X, X, epochs=2, batch_size=4, seed=0)
    history, best_epoch = train_network(
        model,
        X,
        X,
        epochs=3,
        batch_size=4,
        seed=0,
        initial_epoch=2,
        early_stopping=True,
    )
    assert len(history["loss"]) == 3
    assert 3 <= best_epoch <= 5
    assert int(model.optimizer.iterations) == 5 * 2


def test_state_loads_into_a_new_model_and_trains_on_identically():
    model = _compiled_dense()
    X = _standard_normal((8, 3))
    train_network(model, X, X, epochs=2, batch_size=4, seed=0)
    copy = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3)])
    set_network_state(copy, network_state(model))
    for network in (model, copy):
        train_network(network, X, X, epochs=1, batch_size=4, seed=1, initial_epoch=2)
    for original, loaded in zip(model.get_weights(), copy.get_weights(), strict=True):
        np.testing.assert_array_equal(original, loaded)


def test_callbacks_forget_the_model_after_training():
    model = _compiled_dense()
    callback = keras.callbacks.History()
    X = _standard_normal((8, 3))
    train_network(model, X, X, epochs=1, batch_size=4, seed=0, callbacks=[callback])
    assert callback.model is None
