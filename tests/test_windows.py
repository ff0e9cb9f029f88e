"""SlidingWindows: windows of one long series, and their scores back to its points."""

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_lstmae import LSTMAutoencoderOutlierDetector, SlidingWindows

SPIKE_STEP = 250


def _windows_by_loop(series, window, stride):
    """The windows of ``series`` and their starts, one at a time."""
    starts = list(range(0, len(series) - window + 1, stride))
    if starts[-1] + window < len(series):
        starts.append(len(series) - window)
    return np.stack([series[start : start + window] for start in starts]), starts


def _points_by_loop(window_scores, starts, window, n_timesteps, reduce):
    """Per-point scores, one point at a time, NaN where no window holds one."""
    reduction = {"mean": np.mean, "max": np.max, "min": np.min}[reduce]
    steps = np.broadcast_to(
        np.reshape(window_scores, (len(starts), -1)), (len(starts), window)
    )
    points = []
    for point in range(n_timesteps):
        held = [
            steps[index, point - start]
            for index, start in enumerate(starts)
            if start <= point < start + window
        ]
        points.append(reduction(held) if held else np.nan)
    return np.array(points)


@pytest.fixture(scope="module")
def multivariate_series():
    """A series of 50 steps and 3 features, none of them equal."""
    return np.random.default_rng(0).normal(size=(50, 3))


@pytest.mark.parametrize(
    ("n_timesteps", "window", "stride", "expected_starts"),
    [
        (10, 4, 3, [0, 3, 6]),  # the last window ends at the end
        (11, 4, 3, [0, 3, 6, 7]),  # one more window, to reach the end
        (10, 4, 1, [0, 1, 2, 3, 4, 5, 6]),
        (10, 10, 1, [0]),  # one window, the whole series
        (10, 4, 4, [0, 4, 6]),
        (10, 2, 4, [0, 4, 8]),  # gaps: points 2, 3, 6, 7 in no window
    ],
)
def test_windows_start_every_stride_and_the_last_ends_at_the_end(
    n_timesteps, window, stride, expected_starts
):
    series = np.arange(n_timesteps, dtype=float)
    windows = SlidingWindows(window, stride=stride).fit_transform(series)
    assert windows.shape == (len(expected_starts), window, 1)
    assert windows[:, 0, 0].tolist() == expected_starts
    assert windows[-1, -1, 0] == n_timesteps - 1


@pytest.mark.parametrize(("window", "stride"), [(1, 1), (7, 1), (7, 3), (8, 8), (5, 9)])
def test_multivariate_windows_match_a_loop(multivariate_series, window, stride):
    expected, _ = _windows_by_loop(multivariate_series, window, stride)
    windows = SlidingWindows(window, stride=stride).fit_transform(multivariate_series)
    np.testing.assert_array_equal(windows, expected)


def test_a_1d_series_is_one_univariate_series(multivariate_series):
    series = multivariate_series[:, 0]
    sliding = SlidingWindows(6, stride=4).fit(series)
    assert sliding.n_features_in_ == 1
    assert sliding.n_timesteps_ == 50
    np.testing.assert_array_equal(
        sliding.transform(series), sliding.transform(series[:, np.newaxis])
    )


def test_a_2d_series_is_one_multivariate_series(multivariate_series):
    sliding = SlidingWindows(6).fit(multivariate_series)
    assert (sliding.n_features_in_, sliding.n_timesteps_) == (3, 50)
    assert sliding.transform(multivariate_series).shape == (45, 6, 3)


def test_transform_takes_series_of_other_lengths(multivariate_series):
    sliding = SlidingWindows(6, stride=4).fit(multivariate_series)
    assert sliding.transform(multivariate_series[:13]).shape == (3, 6, 3)


def test_windows_are_a_writeable_copy_of_the_float_dtype(multivariate_series):
    series = multivariate_series.astype(np.float32)
    windows = SlidingWindows(6, stride=2).fit_transform(series)
    assert windows.dtype == np.float32
    assert windows.flags.writeable
    assert windows.flags.c_contiguous
    assert not np.shares_memory(windows, series)
    assert SlidingWindows(2).fit_transform([1, 2, 3]).dtype == np.float64


def test_dataframe_columns_are_the_feature_names(multivariate_series):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(multivariate_series, columns=["a", "b", "c"])
    sliding = SlidingWindows(6).fit(frame)
    assert sliding.feature_names_in_.tolist() == ["a", "b", "c"]
    with pytest.raises(ValueError, match="feature names"):
        sliding.transform(frame[["c", "b", "a"]])


@pytest.mark.parametrize(
    ("X", "message"),
    [
        (np.zeros(4), r"at least window=5 time steps; got X of 4"),
        (np.zeros((5, 2, 2)), r"one series, of shape \(n_timesteps,\).*got 3-D"),
        (np.float64(1.0), r"got 0-D input"),
        (np.r_[np.zeros(6), np.nan], r"nan at time index 6, feature 0"),
        (np.c_[np.zeros(7), np.r_[0, 0, np.inf, np.zeros(4)]], r"inf at time index 2"),
    ],
)
def test_invalid_series_raise_what_was_expected_and_received(X, message):
    with pytest.raises(ValueError, match=message):
        SlidingWindows(5).fit(X)


def test_transform_wants_the_fitted_number_of_features(multivariate_series):
    sliding = SlidingWindows(5).fit(multivariate_series)
    with pytest.raises(
        ValueError, match="2 features, but SlidingWindows is expecting 3"
    ):
        sliding.transform(multivariate_series[:, :2])
    with pytest.raises(ValueError, match="at least window=5"):
        sliding.transform(multivariate_series[:4])


@pytest.mark.parametrize("params", [{"window": 0}, {"window": 3, "stride": 0}])
def test_invalid_parameters_raise(params):
    with pytest.raises(InvalidParameterError):
        SlidingWindows(**params).fit(np.zeros(10))


def test_unfitted_transform_and_to_points_raise():
    with pytest.raises(NotFittedError):
        SlidingWindows(3).transform(np.zeros(10))
    with pytest.raises(NotFittedError):
        SlidingWindows(3).to_points(np.zeros(8), 10)


@pytest.mark.parametrize(
    ("reduce", "expected"),
    [
        ("mean", [0, 0, 1, 1, 3, 3, 4, 4]),
        ("max", [0, 0, 2, 2, 4, 4, 4, 4]),
        ("min", [0, 0, 0, 0, 2, 2, 4, 4]),
    ],
)
def test_one_score_per_window_combines_over_the_windows_of_each_point(reduce, expected):
    sliding = SlidingWindows(4, stride=2).fit(np.zeros(8))
    points = sliding.to_points([0.0, 2.0, 4.0], 8, reduce=reduce)
    np.testing.assert_array_equal(points, expected)


@pytest.mark.parametrize("reduce", ["mean", "max", "min"])
@pytest.mark.parametrize(
    ("n_timesteps", "window", "stride"), [(50, 7, 3), (51, 8, 8), (23, 5, 1)]
)
def test_to_points_matches_a_loop(n_timesteps, window, stride, reduce):
    sliding = SlidingWindows(window, stride=stride).fit(np.zeros(n_timesteps))
    _, starts = _windows_by_loop(np.zeros(n_timesteps), window, stride)
    rng = np.random.default_rng(0)
    for shape in [(len(starts),), (len(starts), window)]:
        scores = rng.normal(size=shape)
        np.testing.assert_allclose(
            sliding.to_points(scores, n_timesteps, reduce=reduce),
            _points_by_loop(scores, starts, window, n_timesteps, reduce),
        )


@pytest.mark.parametrize("reduce", ["mean", "max", "min"])
def test_step_scores_of_each_point_map_back_exactly(reduce):
    series = np.random.default_rng(0).normal(size=40)
    sliding = SlidingWindows(8, stride=8).fit(series)
    windows = sliding.transform(series)[:, :, 0]
    np.testing.assert_array_equal(windows.ravel(), series)
    np.testing.assert_array_equal(sliding.to_points(windows, 40, reduce=reduce), series)
    # Overlapping windows agree on each point, and the end-covering one too.
    overlapping = SlidingWindows(8, stride=3).fit(series)
    steps = overlapping.transform(series)[:, :, 0]
    np.testing.assert_allclose(overlapping.to_points(steps, 40, reduce=reduce), series)


def test_points_in_no_window_get_nan():
    sliding = SlidingWindows(2, stride=4).fit(np.zeros(10))
    points = sliding.to_points([1.0, 2.0, 3.0], 10)
    gap = [np.nan, np.nan]
    np.testing.assert_array_equal(points, [1, 1, *gap, 2, 2, *gap, 3, 3])


def test_nan_scores_are_skipped():
    sliding = SlidingWindows(2, stride=1).fit(np.zeros(3))
    steps = np.array([[np.nan, 1.0], [np.nan, 3.0]])
    np.testing.assert_array_equal(sliding.to_points(steps, 3), [np.nan, 1.0, 3.0])
    np.testing.assert_array_equal(
        sliding.to_points(steps, 3, reduce="max"), [np.nan, 1.0, 3.0]
    )


def test_to_points_keeps_float32():
    sliding = SlidingWindows(2).fit(np.zeros(3))
    assert sliding.to_points(np.ones(2, np.float32), 3).dtype == np.float32


@pytest.mark.parametrize(
    ("scores", "n_timesteps", "kwargs", "message"),
    [
        (np.zeros(4), 10, {}, r"shape \(3,\).*the 3 windows of a series of 10"),
        (np.zeros((3, 5)), 10, {}, r"\(3, 4\), a score per step.*shape \(3, 5\)"),
        (np.zeros((3, 4, 1)), 10, {}, r"got shape \(3, 4, 1\)"),
        (np.float64(1.0), 10, {}, r"got shape \(\)"),
        (np.zeros(3), 3, {}, r"n_timesteps to be an integer of at least window=4"),
        (np.zeros(3), 10.0, {}, r"integer.*got 10.0"),
        (np.zeros(3), 10, {"reduce": "median"}, r"reduce must be one of"),
        (np.r_[0, np.inf, 0], 10, {}, r"infinity"),
    ],
)
def test_invalid_window_scores_raise(scores, n_timesteps, kwargs, message):
    sliding = SlidingWindows(4, stride=3).fit(np.zeros(10))
    with pytest.raises(ValueError, match=message):
        sliding.to_points(scores, n_timesteps, **kwargs)


@pytest.fixture(scope="module")
def stream():
    """A sine of 403 steps, two features, and a copy spiked at SPIKE_STEP."""
    time = np.arange(403)
    series = np.c_[np.sin(time / 8.0), np.cos(time / 8.0)]
    spiked = series.copy()
    spiked[SPIKE_STEP, 0] += 6.0
    return series, spiked


@pytest.fixture(scope="module")
def pipeline(stream):
    """Windows and a tiny detector, fitted once on the clean stream."""
    detector = LSTMAutoencoderOutlierDetector(
        latent_dim=2,
        encoder_units=8,
        decoder_units=8,
        bidirectional=False,
        epochs=3,
        random_state=0,
    )
    return make_pipeline(SlidingWindows(32, stride=8), detector).fit(stream[0])


@pytest.mark.slow
@pytest.mark.usefixtures("tensorflow_runs_eagerly")
def test_a_pipeline_scores_and_labels_windows(pipeline, stream):
    n_windows = 48  # ceil((403 - 32) / 8) + 1
    assert pipeline[-1].sequence_shape_ == (32, 2)
    window_scores = pipeline.score_samples(stream[1])
    assert window_scores.shape == (n_windows,)
    # The windows that start at 224, 232, 240 and 248 hold the spike.
    assert np.argmin(window_scores) in (28, 29, 30, 31)
    labels = pipeline.predict(stream[1])
    assert labels.shape == (n_windows,)
    assert set(labels.tolist()) <= {-1, 1}


@pytest.mark.slow
@pytest.mark.usefixtures("tensorflow_runs_eagerly")
def test_the_lowest_point_score_is_at_the_spike(pipeline, stream):
    sliding, detector = pipeline[0], pipeline[-1]
    spiked = stream[1]
    steps = detector.score_steps(sliding.transform(spiked))
    for reduce in ("mean", "min"):
        points = sliding.to_points(steps, len(spiked), reduce=reduce)
        assert abs(int(np.argmin(points)) - SPIKE_STEP) <= 2
    # One score per window narrows to the stride block that holds the spike.
    points = sliding.to_points(
        pipeline.score_samples(spiked), len(spiked), reduce="max"
    )
    assert abs(int(np.argmin(points)) - SPIKE_STEP) < 8
