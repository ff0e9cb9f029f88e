"""Batching, divergence detection and seeding of training."""

import keras
import numpy as np
import pytest

from sklearn_lstmae import TrainingDivergedError
from sklearn_lstmae._training import DivergenceMonitor, SequenceBatches, train_network


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


def test_train_network_raises_with_the_epoch_and_remedies():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3)])
    X = np.full((8, 3), 1e30, dtype=np.float32)
    with pytest.raises(TrainingDivergedError, match=r"epoch 1 of 3.*learning_rate"):
        train_network(
            model,
            X,
            X,
            epochs=3,
            batch_size=4,
            learning_rate=0.1,
            clipnorm=None,
            seed=0,
        )


def test_train_network_returns_one_loss_per_epoch():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3)])
    X = np.random.default_rng(0).standard_normal((8, 3)).astype(np.float32)
    history = train_network(
        model, X, X, epochs=3, batch_size=4, learning_rate=0.01, clipnorm=1.0, seed=0
    )
    assert len(history["loss"]) == 3
    assert history["loss"][-1] < history["loss"][0]
