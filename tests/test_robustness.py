"""Inputs at the edges: read right, or refused clearly; never silent zeros or NaN.

Each class of input or call that once went wrong, silently or with words the
user could not act on, keeps its tests here: values of extreme magnitude;
NumPy scalar parameters; errors that advise what is in force; fits that
raise half-way; lists, dtypes, DataFrames and masked arrays that cannot be
read as sequences; ``lengths`` of ``inverse_transform``.
"""

import warnings

import keras
import numpy as np
import pytest

from sklearn_lstmae import (
    LSTMAutoencoderOutlierDetector,
    LSTMAutoencoderTransformer,
    TrainingDivergedError,
    channels_first,
    channels_last,
)
from sklearn_lstmae._scaling import fit_scaler, scale, unscale

from .tiny import TINY

pytestmark = pytest.mark.usefixtures("tensorflow_runs_eagerly")

SCALINGS = ["standard", "minmax", "per_series"]


def _tiny(**params):
    return LSTMAutoencoderTransformer(**{**TINY, "random_state": 0, **params})


@pytest.fixture(scope="module")
def X(univariate_sequences):
    return univariate_sequences[0]


# Values of extreme magnitude: scaled exactly, or refused where unrepresentable


@pytest.mark.parametrize("scaling", SCALINGS)
@pytest.mark.parametrize("factor", [1e300, 1e-300, 1e160, 1e-160])
def test_scaling_is_exact_at_any_magnitude(multivariate_sequences, scaling, factor):
    X = multivariate_sequences[0].copy()
    X[0, 7:] = np.nan  # padding is ignored at any magnitude too
    reference = scale(fit_scaler(X, scaling), X)
    scaler = fit_scaler(X * factor, scaling)
    scaled = scale(scaler, X * factor)
    np.testing.assert_allclose(scaled, reference, atol=1e-12)
    np.testing.assert_allclose(
        unscale(scaler, scaled, like=X * factor), X * factor, rtol=1e-12
    )


def test_standard_scaler_keeps_the_true_statistics(X):
    scaler = fit_scaler(X[:, :, np.newaxis] * 1e300, "standard")
    np.testing.assert_allclose(scaler.mean_, X.mean() * 1e300, rtol=1e-12)
    np.testing.assert_allclose(scaler.scale_, X.std() * 1e300, rtol=1e-12)


@pytest.mark.parametrize("scaling", SCALINGS)
@pytest.mark.parametrize("factor", [1e300, 1e-300])
def test_features_do_not_depend_on_the_units(X, scaling, factor):
    expected = _tiny(scaling=scaling).fit(X).transform(X)
    features = _tiny(scaling=scaling).fit(X * factor).transform(X * factor)
    assert np.isfinite(features).all()
    np.testing.assert_allclose(features, expected, rtol=1e-5, atol=1e-6)
    # Rows differ as the sequences do: nothing collapsed to a constant.
    assert len(np.unique(features.round(6), axis=0)) == len(X)


@pytest.mark.parametrize("factor", [1e300, 1e-300])
def test_inverse_transform_comes_back_in_the_units_of_x(X, factor):
    transformer = _tiny().fit(X)
    scaled = _tiny().fit(X * factor)
    np.testing.assert_allclose(
        scaled.inverse_transform(scaled.transform(X * factor)),
        transformer.inverse_transform(transformer.transform(X)) * factor,
        rtol=1e-5,
    )


@pytest.mark.parametrize(
    ("factor", "message"),
    [
        (1e300, "overflows float64: X holds values too large to square in it"),
        (1e-300, "underflows to 0 in float64: X holds values too small"),
    ],
)
def test_scores_whose_squares_are_unrepresentable_are_refused(X, factor, message):
    transformer = _tiny().fit(X * factor)
    with pytest.raises(ValueError, match=message) as error:
        transformer.score_samples(X * factor)
    # The advice is not a setting in force: X is float64 already.
    assert "float64 values" not in str(error.value)


def test_float32_scores_suggest_float64(X):
    transformer = _tiny().fit(X)
    with pytest.raises(ValueError, match="or pass float64 values"):
        transformer.score_samples((X * 1e30).astype(np.float32))


def test_scores_of_large_values_that_square_finely_are_finite(X):
    detector = LSTMAutoencoderOutlierDetector(**TINY, random_state=0).fit(X * 1e150)
    scores = detector.score_samples(X * 1e150)
    assert np.isfinite(scores).all()
    assert (scores < 0).all()


def test_values_beyond_float32_without_scaling_are_refused(X):
    with pytest.raises(ValueError, match=r"beyond the range of float32.*scaling="):
        _tiny(scaling=None).fit(X * 1e300)


def test_new_values_far_beyond_the_training_ones_are_refused(X):
    transformer = _tiny().fit(X)
    with pytest.raises(ValueError, match="far larger than the training data") as error:
        transformer.transform(X * 1e300)
    # scaling='standard' is in force: the message does not advise it.
    assert "scaling=" not in str(error.value)


def test_inverse_transform_refuses_vectors_beyond_float32(X):
    transformer = _tiny().fit(X)
    with pytest.raises(ValueError, match="X, the bottleneck vectors, holds values"):
        transformer.inverse_transform(np.full((2, TINY["latent_dim"]), 1e40))


# Parameters: NumPy scalars work wherever Python ones do


NUMPY_PARAMETERS = {
    "latent_dim": np.int64(3),
    "encoder_units": (np.int64(8),),
    "decoder_units": np.int32(8),
    "epochs": np.int64(2),
    "batch_size": np.int64(8),
    "learning_rate": np.float32(0.01),
    "clipnorm": np.float32(1.0),
    "bidirectional": np.bool_(False),
    "horizon": np.int64(2),
    "prediction_weight": np.float32(0.25),
    "patch_size": np.int64(2),
    "random_state": np.int64(0),
}


def test_numpy_scalar_parameters_work_as_python_ones(X):
    native = {
        name: value.item() if isinstance(value, np.generic) else (value[0].item(),)
        for name, value in NUMPY_PARAMETERS.items()
    }
    features = [
        LSTMAutoencoderTransformer(**params, objective="composite").fit(X).transform(X)
        for params in (NUMPY_PARAMETERS, native)
    ]
    np.testing.assert_array_equal(*features)


def test_numpy_scalars_keep_a_warm_start_going(X):
    transformer = _tiny(warm_start=True, latent_dim=np.int64(3)).fit(X)
    transformer.set_params(learning_rate=np.float32(1e-4)).fit(X)
    assert transformer.n_epochs_ == 2 * TINY["epochs"]


def test_grid_search_over_np_arange(X):
    from sklearn.model_selection import GridSearchCV

    search = GridSearchCV(
        _tiny(),
        {"latent_dim": np.arange(2, 4), "batch_size": np.array([8, 16])},
        cv=2,
        error_score="raise",
    ).fit(X)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.best_params_["latent_dim"] in (2, 3)


def test_detector_takes_numpy_scalars(X):
    detector = LSTMAutoencoderOutlierDetector(
        **TINY, n_neighbors=np.int64(3), contamination=np.float32(0.1)
    ).fit(X)
    assert detector.n_neighbors_ == 3
    assert (detector.predict(X) == -1).sum() == 3
    detector.set_params(anomaly_score="bottleneck")
    assert np.isfinite(detector.score_samples(X)).all()


# Messages name what the user set, and advise nothing already in force


def test_changed_parameters_for_partial_fit_name_partial_fit(X):
    transformer = _tiny().fit(X)
    with pytest.raises(
        ValueError,
        match="partial_fit trains the fitted network on, "
        "but latent_dim from 3 to 4 since it was built. Call fit",
    ):
        transformer.set_params(latent_dim=4).partial_fit(X)


def test_changed_parameters_for_a_warm_start_name_warm_start(X):
    transformer = _tiny(warm_start=True).fit(X)
    with pytest.raises(
        ValueError,
        match="warm_start=True trains the fitted network "
        "on, but latent_dim from 3 to 4.*Set warm_start=False",
    ):
        transformer.set_params(latent_dim=4).fit(X)


@pytest.mark.parametrize(
    ("params", "advised", "not_advised"),
    [
        ({"scaling": "standard", "clipnorm": 1.0}, [], ["clipnorm=", "scaling="]),
        ({"scaling": None, "clipnorm": 1.0}, ["scaling='standard'"], ["clipnorm="]),
        ({"scaling": "standard", "clipnorm": None}, ["clipnorm=1.0"], ["scaling="]),
    ],
)
def test_divergence_advice_leaves_out_what_is_in_force(X, params, advised, not_advised):
    transformer = _tiny(activation="relu", learning_rate=1e6, **params)
    with pytest.raises(TrainingDivergedError) as error:
        transformer.fit(1000 * X)
    message = str(error.value)
    assert "a smaller learning_rate (now 1e+06)" in message
    assert all(advice in message for advice in advised)
    assert not any(advice in message for advice in not_advised)


# Atomic fits: a fit or partial_fit that raises leaves the estimator as it was


def _state(estimator):
    """What a fit may change: fitted attributes, feature names, weights."""
    attributes = {
        name: value
        for name, value in vars(estimator).items()
        if name.endswith("_") and not name.endswith("__")
    }
    weights = [w.copy() for w in estimator.autoencoder_.get_weights()]
    return attributes, weights


def _assert_unchanged(estimator, state):
    attributes, weights = _state(estimator)
    assert attributes.keys() == state[0].keys()
    for name, value in state[0].items():
        assert attributes[name] is value, name
    for after, before in zip(weights, state[1], strict=True):
        np.testing.assert_array_equal(after, before)


class _RaiseInEpoch(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        raise RuntimeError("stopped by the user")


# A refit on other columns (6 named s0..s5) that fails after validation.
FAILED_REFITS = {
    "values beyond float32": ({"scaling": None}, 1e300, ValueError),
    "too few to hold out": ({"validation_fraction": 0.01}, 1.0, ValueError),
    "a callback raises": ({"callbacks": [_RaiseInEpoch()]}, 1.0, RuntimeError),
    "training diverges": (
        {"scaling": None, "clipnorm": None, "learning_rate": 1e6, "activation": "relu"},
        1e3,
        TrainingDivergedError,
    ),
}


@pytest.fixture(scope="module")
def frames(X):
    """X as a DataFrame with named columns, and its first 6 columns renamed."""
    pd = pytest.importorskip("pandas")
    named = pd.DataFrame(X, columns=[f"t{step}" for step in range(X.shape[1])])
    renamed = pd.DataFrame(X[:, :6], columns=[f"s{step}" for step in range(6)])
    return named, renamed


@pytest.mark.parametrize("case", FAILED_REFITS)
def test_a_refit_that_raises_leaves_the_transformer_as_it_was(frames, case):
    named, renamed = frames
    transformer = _tiny().fit(named)
    features, state = transformer.transform(named), _state(transformer)
    params, factor, error = FAILED_REFITS[case]
    with pytest.raises(error):
        transformer.set_params(**params).fit(renamed * factor)
    _assert_unchanged(transformer, state)
    assert list(transformer.feature_names_in_) == list(named.columns)
    assert transformer.n_features_in_ == named.shape[1]
    np.testing.assert_array_equal(transformer.transform(named), features)


@pytest.mark.parametrize("method", ["warm start", "partial_fit"])
def test_training_on_that_raises_puts_the_network_back(X, method):
    transformer = _tiny(warm_start=method == "warm start").fit(X)
    state = _state(transformer)
    transformer.set_params(callbacks=[_RaiseInEpoch()])
    train_on = transformer.partial_fit if method == "partial_fit" else transformer.fit
    with pytest.raises(RuntimeError, match="stopped by the user"):
        train_on(X)
    _assert_unchanged(transformer, state)


def test_a_detector_refit_that_raises_after_training_leaves_it_as_it_was(X):
    detector = LSTMAutoencoderOutlierDetector(**TINY, random_state=0).fit(X)
    state, offset = _state(detector), detector.offset_
    # Training on one sequence succeeds; its distances to others cannot.
    with pytest.raises(ValueError, match="needs at least 2"):
        detector.set_params(anomaly_score="bottleneck").fit(X[:1])
    _assert_unchanged(detector, state)
    assert detector.offset_ == offset


# Lists that cannot be read as sequences: the element at fault, by index

UNREADABLE_LISTS = {
    "None": ([np.zeros(3), None], r"X\[1\] to be a numeric sequence.*got NoneType"),
    "text": ([np.zeros(3), "abc"], r"X\[1\] to be a numeric sequence.*got str 'abc'"),
    "a ragged element": (
        [np.zeros(3), [[1.0, 2.0], [3.0]]],
        r"X\[1\].*a list that NumPy could not read as one array of numbers",
    ),
    "1-D beside 2-D": (
        [np.zeros(3), np.zeros((3, 1))],
        r"all 1-D \(T_i,\) or all 2-D.*X\[0\] has shape \(3,\), X\[1\] has shape "
        r"\(3, 1\)",
    ),
    "other feature counts": (
        [np.zeros((3, 1)), np.zeros((3, 2))],
        r"1 feature\(s\), as X\[0\] has; X\[1\] has 2 \(shape \(3, 2\)\)",
    ),
    "a 3-D element": (
        [np.zeros((3, 2)), np.zeros((3, 2, 2))],
        r"X\[1\] to be a sequence \(T_i,\) or \(T_i, n_features\); got an array of "
        r"shape \(3, 2, 2\)",
    ),
    "dates in an element": (
        [np.zeros(2), np.array(["2020-01-01", "2020-01-02"], dtype="datetime64[D]")],
        r"X\[1\] holds dates or times",
    ),
}


@pytest.mark.parametrize("case", UNREADABLE_LISTS)
def test_unreadable_lists_name_the_element_at_fault(case):
    X, message = UNREADABLE_LISTS[case]
    with pytest.raises(ValueError, match=message):
        _tiny().fit(X)


@pytest.mark.parametrize(
    ("X", "message"),
    [
        (np.zeros((2, 3), dtype="datetime64[s]"), "X holds dates or times"),
        (np.zeros((2, 3), dtype="timedelta64[s]"), "X holds durations"),
        (np.zeros((2, 3), dtype=[("a", "f8")]), "X holds records"),
        (np.full((2, 3), "1.5"), "X holds text"),
    ],
)
def test_arrays_of_what_is_not_numbers_are_refused(X, message):
    with pytest.raises(ValueError, match=message):
        _tiny().fit(X)


def test_dataframe_columns_of_dates_are_named():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {"when": pd.to_datetime(["2020-01-01", "2020-01-02"]), "x": [1.0, 2.0]}
    )
    with pytest.raises(ValueError, match="X column 'when' holds dates or times"):
        _tiny().fit(frame)
    with pytest.raises(ValueError, match="X column 'when' holds dates"):
        _tiny().fit(frame.assign(when=frame["when"].dt.tz_localize("UTC")))


def test_a_dataframe_without_columns_is_refused():
    pd = pytest.importorskip("pandas")
    with pytest.raises(ValueError, match=r"at least one column \(time step\)"):
        _tiny().fit(pd.DataFrame(index=range(3)))


def test_equal_length_lists_read_as_arrays_do(X):
    transformer = _tiny().fit(X)
    np.testing.assert_array_equal(
        transformer.transform([list(row) for row in X]), transformer.transform(X)
    )


# Masked arrays: masked trailing steps are padding


def test_masked_trailing_steps_are_padding(X):
    transformer = _tiny().fit(X)
    mask = np.zeros(X.shape, dtype=bool)
    mask[0, 8:] = True
    masked = np.ma.masked_array(X, mask=mask)
    padded = X.copy()
    padded[0, 8:] = np.nan
    np.testing.assert_array_equal(
        transformer.transform(masked), transformer.transform(padded)
    )
    # The data under the mask is never read.
    garbage = np.ma.masked_array(np.where(mask, 1e300, X), mask=mask)
    np.testing.assert_array_equal(
        transformer.transform(garbage), transformer.transform(padded)
    )


def test_masked_steps_inside_a_sequence_are_refused(X):
    mask = np.zeros(X.shape, dtype=bool)
    mask[2, 4] = True
    with pytest.raises(
        ValueError, match=r"X \(masked entries read as NaN\) has NaN followed by"
    ):
        _tiny().fit(np.ma.masked_array(X, mask=mask))


# lengths= of inverse_transform


@pytest.fixture(scope="module")
def ragged_fit():
    X = [np.sin(np.arange(length) / 3) for length in [8, 10, 12] * 4]
    transformer = _tiny().fit(X)
    return transformer, transformer.transform(X)


@pytest.mark.parametrize(
    ("lengths", "message"),
    [
        ([5, 6], r"one per vector of X \(12\); got an array of shape \(2,\)"),
        (np.full((1, 12), 5), r"got an array of shape \(1, 12\)"),
        (5.0, "must be integers.*dtype float64"),
        ("5", "must be integers"),
        ([0] * 12, "must be positive.*got 0 for vector 0"),
        (-3, "got -3"),
        (np.uint64(2**64 - 1), "got 18446744073709551615"),
    ],
)
def test_bad_lengths_are_refused_clearly(ragged_fit, lengths, message):
    transformer, features = ragged_fit
    with pytest.raises(ValueError, match=message):
        transformer.inverse_transform(features, lengths=lengths)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.int32])
def test_lengths_of_any_integer_dtype_decode_alike(ragged_fit, dtype):
    transformer, features = ragged_fit
    lengths = np.array([5, 7, 9] * 4)
    expected = transformer.inverse_transform(features, lengths=lengths)
    decoded = transformer.inverse_transform(features, lengths=lengths.astype(dtype))
    for got, want in zip(decoded, expected, strict=True):
        np.testing.assert_array_equal(got, want)


# Layouts of the ecosystem: aeon's and sktime's channels first


def test_channels_last_reads_aeons_basic_motions_as_aeon_means_it():
    datasets = pytest.importorskip("aeon.datasets")
    X, _ = datasets.load_basic_motions(split="train")  # (40, 6, 100)
    steps_first = channels_last(X)
    assert steps_first.shape == (40, 100, 6)
    np.testing.assert_array_equal(steps_first[3, 17], X[3, :, 17])
    transformer = _tiny().fit(steps_first)
    assert transformer.sequence_shape_ == (100, 6)
    np.testing.assert_array_equal(
        channels_first(
            transformer.inverse_transform(transformer.transform(steps_first))
        ).shape,
        X.shape,
    )


def test_channels_last_reads_aeons_unequal_length_lists():
    datasets = pytest.importorskip("aeon.datasets")
    X, _ = datasets.load_japanese_vowels(split="train")  # list of (12, T_i)
    with pytest.raises(
        ValueError,
        match=r"share their first dimension \(12\).*"
        r"channels_last\(X\)",
    ):
        _tiny().fit(X)
    steps_first = channels_last(X)
    transformer = _tiny().fit(steps_first)
    assert transformer.sequence_shape_[1] == 12
    assert transformer.input_layout_ == "list of 2d"


def test_a_3d_array_with_more_features_than_steps_warns_of_channels_first():
    X = np.random.default_rng(0).normal(size=(10, 6, 40))  # as aeon holds it
    with pytest.warns(
        UserWarning,
        match=r"6 time steps with 40 features.*"
        r"channels_last\(X\)",
    ):
        _tiny().fit(X)


def test_steps_first_arrays_and_tslearns_layout_do_not_warn(multivariate_sequences):
    X = multivariate_sequences[0]  # (30, 12, 3): tslearn's and Keras's layout
    assert not [m for m in _fit_warnings(X) if "channels_last" in m]


@pytest.mark.parametrize(
    ("X", "message"),
    [
        (np.zeros((2, 3)), r"3-D array \(n_samples, n_channels, n_timesteps\)"),
        ([np.zeros(3)], r"X\[0\] to be a 2-D array"),
    ],
)
def test_channels_last_refuses_what_is_not_channels_first(X, message):
    with pytest.raises(ValueError, match=message):
        channels_last(X)


def test_channels_first_undoes_channels_last(multivariate_sequences):
    X = multivariate_sequences[0]
    np.testing.assert_array_equal(channels_last(channels_first(X)), X)
    ragged = [X[0, :5], X[1]]
    for back, original in zip(
        channels_last(channels_first(ragged)), ragged, strict=True
    ):
        np.testing.assert_array_equal(back, original)


def test_one_value_that_sets_the_scale_for_all_others_warns(X):
    spiked = X.copy()
    spiked[0, 0] = 1e300
    with pytest.warns(
        UserWarning,
        match=r"fall on 2 distinct float32 numbers.*"
        r"to 1e\+300\) set the scale",
    ):
        _tiny().fit(spiked)


def test_ordinary_values_do_not_warn_of_merging(X):
    assert not [m for m in _fit_warnings(np.round(X, 2)) if "distinct float32" in m]


def _fit_warnings(X):
    """The messages of the warnings a tiny transformer's fit on ``X`` raises."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _tiny().fit(X)
    return [str(warning.message) for warning in caught]
