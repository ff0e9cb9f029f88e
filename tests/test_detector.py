"""Behaviour of LSTMAutoencoderOutlierDetector: labels, thresholds, step scores."""

import inspect

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_lstmae import LSTMAutoencoderOutlierDetector
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


def _shared_parameters(cls):
    parameters = inspect.signature(cls.__init__).parameters
    return {name: p for name, p in parameters.items() if name != "contamination"}


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
    detector = LSTMAutoencoderOutlierDetector(**values, contamination=0.2)
    assert detector.get_params() == {**values, "contamination": 0.2}


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
