"""How the transformer trains: validation, early stopping, callbacks, warm start."""

import pickle

import keras
import numpy as np
import pytest
from sklearn.base import clone

from sklearn_lstmae import LSTMAutoencoderTransformer, TrainingDivergedError

from .tiny import TINY

# The estimator's contract, whichever way Keras executes: eagerly, for speed.
pytestmark = pytest.mark.usefixtures("tensorflow_runs_eagerly")


class EpochCounter(keras.callbacks.Callback):
    """A user callback with state of its own."""

    def __init__(self):
        super().__init__()
        self.epochs_seen = 0

    def on_epoch_end(self, epoch, logs=None):
        self.epochs_seen += 1


def _tiny(**params):
    return LSTMAutoencoderTransformer(**{**TINY, "random_state": 0, **params})


def test_early_stopping_stops_and_keeps_the_best_epoch(univariate_sequences):
    X, _ = univariate_sequences
    # No decrease is as large as tol: the first epoch stays the best.
    stopped = _tiny(epochs=30, early_stopping=True, n_iter_no_change=1, tol=1e9)
    stopped.fit(X)
    assert stopped.n_epochs_ == 2
    assert len(stopped.history_["loss"]) == 2
    assert stopped.best_epoch_ == 1
    # The weights are those after epoch 1, as if training had ended there.
    one_epoch = _tiny(epochs=1).fit(X)
    np.testing.assert_allclose(
        stopped.transform(X), one_epoch.transform(X), rtol=1e-5, atol=1e-6
    )


def test_validation_fraction_reports_a_validation_loss(univariate_sequences):
    X, _ = univariate_sequences
    transformer = _tiny(validation_fraction=0.2).fit(X)
    assert len(transformer.history_["val_loss"]) == transformer.n_epochs_
    assert transformer.best_epoch_ is None
    # The held-out sequences are not trained on: fewer batches per epoch.
    assert int(transformer.autoencoder_.optimizer.iterations) == 2 * 1


def test_validation_loss_is_the_error_on_X_val(univariate_sequences):
    X, _ = univariate_sequences
    transformer = _tiny(scaling=None).fit(X[:20], X_val=X[20:])
    np.testing.assert_allclose(
        transformer.history_["val_loss"][-1], -transformer.score(X[20:]), rtol=1e-4
    )


def test_X_val_must_have_the_features_of_X(univariate_sequences):
    X, _ = univariate_sequences
    with pytest.raises(ValueError, match=r"X_val holds sequences of 2 feature\(s\)"):
        _tiny().fit(X, X_val=np.zeros((3, 12, 2)))


def test_validation_fraction_must_leave_sequences_on_both_sides():
    X = np.zeros((3, 5))
    with pytest.raises(ValueError, match="leaves 0 for validation and 3 for"):
        _tiny(validation_fraction=0.1).fit(X)


def test_plateau_halves_the_learning_rate(univariate_sequences):
    X, _ = univariate_sequences
    transformer = _tiny(
        epochs=3,
        learning_rate=1e-3,
        reduce_lr_on_plateau=True,
        n_iter_no_change=2,
        tol=1e9,
    ).fit(X)
    # The rate each epoch trained with: epoch 2 is the first without progress.
    np.testing.assert_allclose(
        transformer.history_["learning_rate"], [1e-3, 1e-3, 5e-4], rtol=1e-6
    )


def test_callbacks_are_called_on_copies_that_pickle_and_clone(univariate_sequences):
    X, _ = univariate_sequences
    counter = EpochCounter()
    transformer = _tiny(callbacks=[counter]).fit(X)
    assert transformer.callbacks_[0].epochs_seen == TINY["epochs"]
    assert counter.epochs_seen == 0
    assert transformer.get_params()["callbacks"] == [counter]
    assert clone(transformer).callbacks[0].epochs_seen == 0
    restored = pickle.loads(pickle.dumps(transformer))
    np.testing.assert_array_equal(restored.transform(X), transformer.transform(X))


def test_callbacks_must_be_keras_callbacks(univariate_sequences):
    X, _ = univariate_sequences
    with pytest.raises(TypeError, match="item 1 is of type str"):
        _tiny(callbacks=[EpochCounter(), "early_stopping"]).fit(X)


def test_warm_start_continues_training_history_and_optimizer(univariate_sequences):
    X, _ = univariate_sequences
    transformer = _tiny(warm_start=True).fit(X)
    first_history = transformer.history_["loss"]
    encoder = transformer.encoder_
    transformer.fit(X)
    assert transformer.encoder_ is encoder
    assert transformer.n_epochs_ == 2 * TINY["epochs"]
    assert transformer.history_["loss"][: TINY["epochs"]] == first_history
    # 30 sequences in batches of 32: one optimizer step per epoch.
    assert int(transformer.autoencoder_.optimizer.iterations) == 2 * TINY["epochs"]


def test_warm_start_after_unpickling_continues_identically(univariate_sequences):
    X, _ = univariate_sequences
    transformer = _tiny(warm_start=True, batch_size=8).fit(X)
    restored = pickle.loads(pickle.dumps(transformer))
    transformer.fit(X)
    restored.fit(X)
    np.testing.assert_array_equal(restored.transform(X), transformer.transform(X))
    assert restored.history_ == transformer.history_


def test_warm_start_without_a_fit_starts_from_scratch(univariate_sequences):
    X, _ = univariate_sequences
    warm = _tiny(warm_start=True).fit(X)
    np.testing.assert_array_equal(warm.transform(X), _tiny().fit(X).transform(X))


def test_without_warm_start_refit_starts_over(univariate_sequences):
    X, _ = univariate_sequences
    transformer = _tiny().fit(X)
    encoder = transformer.encoder_
    transformer.fit(X)
    assert transformer.encoder_ is not encoder
    assert transformer.n_epochs_ == TINY["epochs"]


def test_warm_start_refuses_a_changed_network(univariate_sequences):
    X, _ = univariate_sequences
    transformer = _tiny(warm_start=True).fit(X)
    transformer.set_params(latent_dim=5)
    with pytest.raises(ValueError, match="latent_dim from 3 to 5 since it was built"):
        transformer.fit(X)


def test_warm_start_keeps_the_validation_history_aligned(univariate_sequences):
    X, _ = univariate_sequences
    transformer = _tiny(warm_start=True, validation_fraction=0.2).fit(X)
    transformer.set_params(validation_fraction=None).fit(X)
    val_loss = transformer.history_["val_loss"]
    assert len(val_loss) == transformer.n_epochs_
    assert np.isfinite(val_loss[: TINY["epochs"]]).all()
    assert np.isnan(val_loss[TINY["epochs"] :]).all()


def test_diverged_warm_start_puts_the_network_back(univariate_sequences):
    X, _ = univariate_sequences
    transformer = _tiny(warm_start=True, scaling=None).fit(X)
    latent = transformer.transform(X)
    with pytest.raises(TrainingDivergedError, match="epoch 3 of 4"):
        transformer.set_params(learning_rate=1.0, clipnorm=None).fit(X * 1e30)
    np.testing.assert_array_equal(transformer.transform(X), latent)
    assert transformer.n_epochs_ == TINY["epochs"]


def test_partial_fit_trains_one_epoch_per_call(univariate_sequences):
    X, _ = univariate_sequences
    transformer = _tiny(batch_size=8)
    for chunk in np.array_split(X, 3):
        transformer.partial_fit(chunk)
    assert transformer.n_epochs_ == 3
    assert len(transformer.history_["loss"]) == 3
    # 10 sequences a chunk, in batches of 8: two steps per call.
    assert int(transformer.autoencoder_.optimizer.iterations) == 6


def test_partial_fit_takes_chunks_of_other_lengths_not_features(
    univariate_sequences,
):
    X, _ = univariate_sequences
    transformer = _tiny().partial_fit(X).partial_fit(X[:, :7, np.newaxis])
    assert transformer.sequence_shape_ == (None, 1)
    with pytest.raises(ValueError, match=r"3 feature\(s\) per step"):
        transformer.partial_fit(np.zeros((4, 12, 3)))


@pytest.mark.slow
@pytest.mark.compiled
def test_partial_fit_over_chunks_learns_like_fit():
    from sklearn_lstmae.datasets import load_italy_power_demand

    X, _ = load_italy_power_demand(return_X_y=True)
    X = X[:512]
    params = {"latent_dim": 4, "encoder_units": 16, "decoder_units": 16}
    epochs = 6
    full = LSTMAutoencoderTransformer(**params, epochs=epochs, random_state=0).fit(X)
    chunked = LSTMAutoencoderTransformer(**params, random_state=0)
    untrained_error = None
    for epoch in range(epochs):
        for chunk in np.array_split(X, 4):
            chunked.partial_fit(chunk)
        if epoch == 0:
            untrained_error = -chunked.score(X)
    # Four chunks a pass: the same sequences and about the same steps as fit.
    assert -chunked.score(X) < 0.5 * untrained_error
    assert -chunked.score(X) < 1.5 * -full.score(X)


def test_per_series_scaling_ignores_each_sequences_level_and_amplitude(
    univariate_sequences,
):
    X, _ = univariate_sequences
    transformer = _tiny(scaling="per_series").fit(X)
    rescaled = 40 * X + 1000
    np.testing.assert_allclose(
        transformer.transform(rescaled), transformer.transform(X), atol=1e-4
    )
    # The decoder outputs shapes: z-normalized sequences.
    decoded = transformer.inverse_transform(transformer.transform(X))
    assert np.abs(decoded.mean(axis=1)).max() < 1
    # Scores are in the units of X: 40 times larger values, 1600 times the error.
    np.testing.assert_allclose(
        transformer.score_samples(rescaled),
        1600 * transformer.score_samples(X),
        rtol=1e-3,
    )


@pytest.mark.compiled  # 200 gradient steps: faster compiled
def test_reversed_targets_come_back_in_the_original_order():
    # Rising ramps: a decoder output still reversed would fall.
    X = np.linspace(0, 1, 8) + np.linspace(0, 0.5, 20)[:, np.newaxis]
    transformer = _tiny(reverse_target=True, epochs=40, batch_size=4).fit(X)
    reconstructed = transformer.inverse_transform(transformer.transform(X))
    assert (np.diff(reconstructed, axis=1).mean(axis=1) > 0).all()
    errors = np.mean((reconstructed - X) ** 2, axis=1)
    np.testing.assert_allclose(-transformer.score_samples(X), errors, rtol=1e-4)


def test_reverse_target_is_fixed_at_fit(univariate_sequences):
    X, _ = univariate_sequences
    transformer = _tiny(reverse_target=True).fit(X)
    latent = transformer.transform(X)
    decoded = transformer.inverse_transform(latent)
    transformer.set_params(reverse_target=False)
    np.testing.assert_array_equal(transformer.inverse_transform(latent), decoded)
    with pytest.raises(ValueError, match="reverse_target from True to False"):
        transformer.set_params(warm_start=True).fit(X)


def test_bottleneck_can_read_hidden_and_cell_states(univariate_sequences):
    X, _ = univariate_sequences
    transformer = _tiny(bottleneck_state="hidden_and_cell").fit(X)
    # Hidden and cell states of 8 units each, of one direction.
    assert transformer.encoder_.get_layer("bottleneck").input.shape[-1] == 16
    assert transformer.transform(X).shape == (30, TINY["latent_dim"])


@pytest.mark.parametrize(
    ("n_samples", "batch_size", "expected_plan"),
    # 1 step a pass: 50 passes an epoch, 40 epochs; 35 steps a pass (1,096
    # sequences): 2 passes, 70 steps an epoch, 29 epochs (2,030 steps).
    [(30, 32, (40, 50)), (64, 32, (40, 25)), (1096, 32, (29, 2)), (10**6, 32, (1, 1))],
)
def test_auto_epochs_train_a_fixed_number_of_steps(
    n_samples, batch_size, expected_plan
):
    transformer = _tiny(epochs="auto", batch_size=batch_size)
    assert transformer._epoch_plan(n_samples) == expected_plan
    assert _tiny(epochs=7)._epoch_plan(n_samples) == (7, 1)


class StopAfterOneStep(keras.callbacks.Callback):
    """Records the epochs and steps Keras was asked to run, and stops at once."""

    def on_train_batch_end(self, batch, logs=None):
        self.epochs_planned = self.params["epochs"]
        self.steps_per_epoch = self.params["steps"]
        self.model.stop_training = True


def test_fit_plans_the_auto_epochs(univariate_sequences):
    X, _ = univariate_sequences
    # 30 sequences, 8 to a batch: 4 steps a pass, 13 passes (52 steps) an
    # epoch, 38 epochs for about 2,000 steps.
    stop = StopAfterOneStep()
    transformer = _tiny(epochs="auto", batch_size=8, callbacks=[stop])
    transformer.fit(X)
    assert transformer.callbacks_[0].epochs_planned == 38
    assert transformer.callbacks_[0].steps_per_epoch == 52
    assert transformer.n_epochs_ == 1


def test_standardized_features_have_zero_mean_and_unit_variance(
    univariate_sequences,
):
    X, _ = univariate_sequences
    plain = _tiny(standardize_features=False).fit(X)
    # The default.
    standardized = _tiny().fit(X)
    features = standardized.transform(X)
    np.testing.assert_allclose(features.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(features.std(axis=0), 1, rtol=1e-4)
    # The same network underneath: the same bottleneck up to the standardizing.
    np.testing.assert_allclose(
        features * standardized.latent_scale_ + standardized.latent_mean_,
        plain.transform(X),
        rtol=1e-5,
        atol=1e-6,
    )
    np.testing.assert_allclose(
        standardized.inverse_transform(features),
        plain.inverse_transform(plain.transform(X)),
        rtol=1e-4,
        atol=1e-5,
    )
    assert plain.latent_mean_ is None


@pytest.mark.parametrize("standardize_features", [True, False])
def test_transform_of_a_subset_is_the_subset_of_the_transform(
    univariate_sequences, standardize_features
):
    X, _ = univariate_sequences
    transformer = _tiny(standardize_features=standardize_features, epochs=5).fit(X)
    subset = np.arange(len(X)) % 3 == 0
    # float32 tolerance: the network computes in float32.
    np.testing.assert_allclose(
        transformer.transform(X[subset]),
        transformer.transform(X)[subset],
        rtol=1e-5,
        atol=1e-5,
    )


def test_input_noise_changes_training_but_not_encoding(univariate_sequences):
    X, _ = univariate_sequences
    clean = _tiny().fit(X)
    noisy = _tiny(input_noise=0.5).fit(X)
    assert "input_noise" in [layer.name for layer in noisy.encoder_.layers]
    # Encoding reads clean input: the same features every call.
    np.testing.assert_array_equal(noisy.transform(X), noisy.transform(X))
    assert not np.allclose(noisy.history_["loss"], clean.history_["loss"])
