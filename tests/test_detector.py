"""Behaviour of LSTMAutoencoderOutlierDetector: labels, thresholds, step scores."""

import inspect

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.utils import estimator_checks
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_lstmae import LSTMAutoencoderOutlierDetector, LSTMAutoencoderTransformer
from sklearn_lstmae._base import BaseLSTMAutoencoder
from sklearn_lstmae._sequences import pad_ragged, to_3d

from .tiny import TINY

# The estimator's contract, whichever way Keras executes: eagerly, for speed.
pytestmark = pytest.mark.usefixtures("tensorflow_runs_eagerly")

SPIKE_STEP = 6


def _tiny(**params):
    """An unfitted detector with a tiny network and a fixed seed."""
    return LSTMAutoencoderOutlierDetector(**{**TINY, "random_state": 0, **params})


def _spiked(X):
    """``X`` with a spike far above its range at ``SPIKE_STEP``."""
    spiked = X.copy()
    spiked[:, SPIKE_STEP] += 10 * np.abs(X).max()
    return spiked


@pytest.fixture(scope="module")
def training(univariate_sequences):
    return univariate_sequences[0]


@pytest.fixture(scope="module")
def detector(training):
    """A detector fitted once at contamination=0.1; do not refit."""
    return _tiny(contamination=0.1).fit(training)


@pytest.fixture(scope="module")
def ragged(training):
    """The training sequences cut to 5 to 12 steps, as a list."""
    lengths = np.random.default_rng(0).integers(5, 13, size=len(training))
    return [
        sequence[:length] for sequence, length in zip(training, lengths, strict=True)
    ]


# The detector's own parameters; it shares every other with the base.
DETECTOR_PARAMETERS = {"contamination": 0.2, "anomaly_score": "both", "n_neighbors": 3}


def _shared_parameters(cls):
    parameters = inspect.signature(cls.__init__).parameters
    return {
        name: p for name, p in parameters.items() if name not in DETECTOR_PARAMETERS
    }


def test_defaults_are_the_base_defaults():
    assert _shared_parameters(LSTMAutoencoderOutlierDetector) == _shared_parameters(
        BaseLSTMAutoencoder
    )


def test_init_passes_every_parameter_on():
    values = {
        name: object()
        for name in _shared_parameters(LSTMAutoencoderOutlierDetector)
        if name != "self"
    }
    detector = LSTMAutoencoderOutlierDetector(**values, **DETECTOR_PARAMETERS)
    assert detector.get_params() == {**values, **DETECTOR_PARAMETERS}


def test_predict_labels_inliers_one_and_outliers_minus_one(detector, training):
    labels = detector.predict(training)
    assert labels.dtype.kind == "i"
    assert set(labels.tolist()) == {-1, 1}


def test_contamination_labels_that_fraction_of_the_training_sequences(
    detector, training
):
    assert (detector.predict(training) == -1).sum() == 3
    assert detector.offset_ == pytest.approx(
        np.percentile(detector.score_samples(training), 10)
    )


def test_decision_function_is_negative_exactly_for_outliers(detector, training):
    decision = detector.decision_function(training)
    np.testing.assert_allclose(
        decision, detector.score_samples(training) - detector.offset_
    )
    np.testing.assert_array_equal(decision < 0, detector.predict(training) == -1)


def test_fit_predict_labels_as_fit_then_predict(training):
    np.testing.assert_array_equal(
        _tiny(contamination=0.2).fit_predict(training),
        _tiny(contamination=0.2).fit(training).predict(training),
    )


def test_auto_labels_what_stands_far_out_of_the_training_errors(training):
    X = np.vstack([training, _spiked(training[:1])])
    detector = _tiny().fit(X)
    errors = -detector.score_samples(X)
    q1, q3 = np.percentile(errors, [25, 75])
    assert -detector.offset_ == pytest.approx(q3 + 3 * (q3 - q1))
    labels = detector.predict(X)
    assert labels[-1] == -1
    assert (labels == -1).sum() < 0.1 * len(X)


def test_an_anomalous_sequence_scores_below_every_normal_one(detector, training):
    anomalous = _spiked(training[:1])
    assert detector.score_samples(anomalous)[0] < detector.score_samples(training).min()
    assert detector.predict(anomalous)[0] == -1


def test_lists_and_nan_padded_arrays_score_alike(training, ragged):
    padded = pad_ragged(ragged)[0][:, :, 0]
    detector = _tiny().fit(ragged)
    np.testing.assert_allclose(
        detector.score_samples(padded), detector.score_samples(ragged), rtol=1e-5
    )
    on_padded, on_lists = detector.score_steps(padded), detector.score_steps(ragged)
    for row, steps in zip(on_padded, on_lists, strict=True):
        np.testing.assert_allclose(row[: len(steps)], steps, rtol=1e-5)


@pytest.mark.parametrize("layout", ["2d", "3d", "nan-padded"])
def test_score_steps_of_an_array_has_one_score_per_step(
    detector, training, ragged, layout
):
    X = {
        "2d": training,
        "3d": training[:, :, np.newaxis],
        "nan-padded": pad_ragged(ragged)[0],
    }[layout]
    steps = detector.score_steps(X)
    assert steps.shape == X.shape[:2]
    np.testing.assert_array_equal(np.isnan(steps), np.isnan(to_3d(X)).all(axis=2))


def test_score_steps_of_a_list_has_each_sequences_length(detector, ragged):
    steps = detector.score_steps(ragged)
    assert [s.shape for s in steps] == [(len(sequence),) for sequence in ragged]
    assert all(np.isfinite(s).all() for s in steps)


def test_score_steps_average_to_score_samples(detector, training):
    np.testing.assert_allclose(
        detector.score_steps(training).mean(axis=1),
        detector.score_samples(training),
        rtol=1e-5,
    )


def test_score_steps_is_lowest_at_the_anomalous_step(detector, training):
    steps = detector.score_steps(_spiked(training[:5]))
    assert (np.argmin(steps, axis=1) == SPIKE_STEP).all()


@pytest.mark.parametrize(
    ("params", "scored"),
    [
        # The reconstruction decoder outputs every step it reads.
        ({"objective": "reconstruct", "reverse_target": True}, slice(0, 12)),
        ({"objective": "composite"}, slice(0, 12)),
        # The prediction decoder outputs the steps after the first ...
        ({"objective": "predict"}, slice(1, 12)),
        # ... or the last `horizon`, after what the encoder read.
        ({"objective": "predict", "horizon": 3}, slice(9, 12)),
        ({"objective": "composite", "horizon": 3}, slice(0, 12)),
    ],
)
def test_score_steps_scores_the_steps_the_decoders_output(training, params, scored):
    steps = _tiny(**params).fit(training).score_steps(training)
    expected = np.zeros(12, dtype=bool)
    expected[scored] = True
    np.testing.assert_array_equal(np.isfinite(steps), np.tile(expected, (30, 1)))


@pytest.mark.parametrize("contamination", [0.0, 0.6, -0.1, "high"])
def test_invalid_contamination_is_reported_by_name(training, contamination):
    with pytest.raises(InvalidParameterError, match="'contamination' parameter"):
        _tiny(contamination=contamination).fit(training)


def test_score_steps_needs_a_fitted_detector(training):
    with pytest.raises(NotFittedError):
        _tiny().score_steps(training)


# anomaly_score: the bottleneck's distances, and both scores together


@pytest.fixture(scope="module")
def shifted(training):
    """Sequences unlike the training ones: upside down and lifted."""
    return 2 - training[:5]


@pytest.mark.parametrize("anomaly_score", ["bottleneck", "both"])
def test_sequences_unlike_the_training_ones_score_below_them(
    training, shifted, anomaly_score
):
    detector = _tiny(anomaly_score=anomaly_score, contamination=0.1).fit(training)
    assert (
        detector.score_samples(shifted).max() < detector.score_samples(training).min()
    )
    assert (detector.predict(shifted) == -1).all()


def _nearest_distances(features, training_features, k, *, leave_out=False):
    """Mean distance of each feature vector to its k nearest training ones."""
    distances = np.linalg.norm(
        features[:, np.newaxis] - training_features[np.newaxis], axis=2
    )
    if leave_out:
        np.fill_diagonal(distances, np.inf)
    return np.sort(distances, axis=1)[:, :k].mean(axis=1)


@pytest.fixture(scope="module")
def features(training):
    """The bottleneck features of a transformer with the detectors' parameters.

    With the same parameters and seed it trains the same network.
    """
    return LSTMAutoencoderTransformer(**TINY, random_state=0).fit(training)


def test_bottleneck_score_is_the_mean_distance_to_the_nearest_training_vectors(
    training, shifted, features
):
    detector = _tiny(anomaly_score="bottleneck", n_neighbors=4).fit(training)
    expected = -_nearest_distances(
        features.transform(shifted), features.transform(training), 4
    )
    np.testing.assert_allclose(detector.score_samples(shifted), expected, rtol=1e-5)


def test_a_training_sequence_is_its_own_nearest_neighbour_once_fitted(training):
    detector = _tiny(anomaly_score="bottleneck", n_neighbors=1).fit(training)
    np.testing.assert_allclose(detector.score_samples(training), 0, atol=1e-6)


def test_the_threshold_leaves_each_training_sequence_out_of_its_neighbours(
    training, features
):
    detector = _tiny(anomaly_score="bottleneck", contamination=0.2).fit(training)
    training_features = features.transform(training)
    left_out = -_nearest_distances(
        training_features, training_features, 5, leave_out=True
    )
    assert detector.offset_ == pytest.approx(np.percentile(left_out, 20), rel=1e-5)


def _in_training_spreads(scores, training_scores):
    """``scores`` less the median of ``training_scores``, over their IQR."""
    q1, median, q3 = np.percentile(training_scores, [25, 50, 75])
    return (scores - median) / (q3 - q1)


def test_both_adds_the_two_scores_in_units_of_their_training_spread(
    training, shifted, features
):
    detector = _tiny(anomaly_score="both").fit(training)
    X = np.vstack([training, shifted])
    reconstruction = detector.set_params(anomaly_score="reconstruction")
    reconstruction_scores = reconstruction.score_samples(X)
    training_features = features.transform(training)
    bottleneck_scores = -_nearest_distances(features.transform(X), training_features, 5)
    expected = _in_training_spreads(
        reconstruction_scores, reconstruction_scores[: len(training)]
    ) + _in_training_spreads(
        bottleneck_scores,
        -_nearest_distances(training_features, training_features, 5, leave_out=True),
    )
    np.testing.assert_allclose(
        detector.set_params(anomaly_score="both").score_samples(X), expected, rtol=1e-4
    )


def test_another_anomaly_score_needs_no_refit_but_keeps_the_threshold(training):
    fitted = _tiny(anomaly_score="bottleneck").fit(training)
    switched = _tiny().fit(training).set_params(anomaly_score="bottleneck")
    np.testing.assert_allclose(
        switched.score_samples(training), fitted.score_samples(training), rtol=1e-5
    )
    assert switched.offset_ != fitted.offset_


def test_n_neighbors_is_capped_by_the_training_sequences(training):
    detector = _tiny(anomaly_score="bottleneck", n_neighbors=100).fit(training)
    assert detector.n_neighbors_ == len(training) - 1
    assert np.isfinite(detector.score_samples(training)).all()


@pytest.mark.parametrize("anomaly_score", ["bottleneck", "both"])
def test_distances_need_two_training_sequences(training, anomaly_score):
    with pytest.raises(ValueError, match="needs at least 2 of them; got n_samples=1"):
        _tiny(anomaly_score=anomaly_score).fit(training[:1])


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"anomaly_score": "distance"}, "anomaly_score"),
        ({"n_neighbors": 0}, "n_neighbors"),
    ],
)
def test_invalid_anomaly_scores_are_reported_by_name(training, params, name):
    with pytest.raises(InvalidParameterError, match=f"'{name}' parameter"):
        _tiny(**params).fit(training)


def test_scores_of_a_subset_are_the_subset_of_the_scores(training, shifted):
    # At float32 tolerance: see test_common's check_methods_subset_invariance.
    detector = _tiny(anomaly_score="both").fit(training)
    X = np.vstack([training, shifted])
    np.testing.assert_allclose(
        detector.score_samples(X[::3]),
        detector.score_samples(X)[::3],
        rtol=1e-5,
        atol=1e-5,
    )


@pytest.mark.parametrize("layout", ["2d", "list"])
def test_reconstruct_gives_what_score_steps_measures(
    detector, training, ragged, layout
):
    X = training if layout == "2d" else ragged
    reconstructed = detector.reconstruct(X)
    if layout == "2d":
        assert reconstructed.shape == training.shape
        squared = (reconstructed - training) ** 2
        np.testing.assert_allclose(-detector.score_steps(X), squared, rtol=1e-5)
    else:
        assert [len(r) for r in reconstructed] == [len(s) for s in ragged]


def test_reconstruct_needs_a_reconstruction_decoder(training):
    detector = _tiny(objective="predict").fit(training)
    assert not hasattr(detector, "reconstruct")


@pytest.mark.parametrize(
    "check",
    [
        estimator_checks.check_estimators_pickle,
        estimator_checks.check_fit_idempotent,
        estimator_checks.check_estimators_dtypes,
        estimator_checks.check_readonly_memmap_input,
        estimator_checks.check_outlier_contamination,
    ],
    ids=lambda check: check.__name__,
)
def test_scikit_learn_checks_with_distances_in_the_score(check):
    # test_common runs every check at the default score; these are the ones
    # the bottleneck's distances take part in. Two others, check_outliers_train
    # and check_outliers_fit_predict, would fail by design: they count the
    # training sequences labelled outliers when scored again (see the next
    # test). So would check_methods_subset_invariance at float64 tolerance:
    # test_scores_of_a_subset_are_the_subset_of_the_scores checks it at
    # float32's.
    detector = _tiny(anomaly_score="both", contamination=0.1)
    check(type(detector).__name__, detector)


def test_training_sequences_scored_again_are_their_own_neighbours(training):
    # The threshold is set on each training sequence's distance to its
    # nearest others, as LocalOutlierFactor(novelty=True) sets it, so that it
    # holds for new sequences; scored again, a training sequence is its own
    # nearest neighbour, at distance 0, and fewer than contamination of them
    # are labelled outliers.
    detector = _tiny(anomaly_score="bottleneck", contamination=0.2).fit(training)
    assert (detector.predict(training) == -1).mean() < 0.2
