"""Per-feature and per-series scaling of sequence batches."""

import numpy as np
import pytest

from sklearn_lstmae._scaling import (
    fit_scaler,
    scale,
    standardize_each_series,
    unscale,
)


@pytest.fixture
def sequences():
    rng = np.random.default_rng(0)
    # Two features of very different size: one scale for both would not do.
    return rng.standard_normal((6, 5, 2)) * [1.0, 1000.0] + [0.0, 5000.0]


@pytest.mark.parametrize("scaling", ["standard", "minmax", None])
def test_unscale_undoes_scale(sequences, scaling):
    scaler = fit_scaler(sequences, scaling)
    np.testing.assert_allclose(unscale(scaler, scale(scaler, sequences)), sequences)


def test_standard_scaling_centres_each_feature_over_all_steps(sequences):
    scaled = scale(fit_scaler(sequences, "standard"), sequences)
    np.testing.assert_allclose(scaled.mean(axis=(0, 1)), 0, atol=1e-12)
    np.testing.assert_allclose(scaled.std(axis=(0, 1)), 1)


def test_minmax_scaling_maps_each_feature_to_the_unit_interval(sequences):
    scaled = scale(fit_scaler(sequences, "minmax"), sequences)
    np.testing.assert_allclose(scaled.min(axis=(0, 1)), 0, atol=1e-12)
    np.testing.assert_allclose(scaled.max(axis=(0, 1)), 1)


@pytest.mark.parametrize("scaling", ["standard", "per_series"])
def test_constant_feature_is_not_divided_by_zero(scaling):
    X = np.full((3, 4, 1), 0.1)
    scaled = scale(fit_scaler(X, scaling), X)
    np.testing.assert_allclose(scaled, 0, atol=1e-12)


def test_per_series_scaling_standardizes_each_sequence_and_feature(sequences):
    scaled = scale(fit_scaler(sequences, "per_series"), sequences)
    np.testing.assert_allclose(scaled.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(scaled.std(axis=1), 1)


def test_per_series_scaling_is_undone_only_given_the_original(sequences):
    scaler = fit_scaler(sequences, "per_series")
    scaled = scale(scaler, sequences)
    np.testing.assert_allclose(unscale(scaler, scaled, like=sequences), sequences)
    np.testing.assert_array_equal(unscale(scaler, scaled), scaled)


@pytest.mark.parametrize("scaling", ["standard", "minmax", "per_series"])
def test_padding_is_ignored_and_kept(sequences, scaling):
    padded = np.concatenate([sequences, np.full((6, 3, 2), np.nan)], axis=1)
    scaled = scale(fit_scaler(padded, scaling), padded)
    np.testing.assert_allclose(
        scaled[:, :5], scale(fit_scaler(sequences, scaling), sequences)
    )
    assert np.isnan(scaled[:, 5:]).all()


def test_per_series_scaling_ignores_level_and_amplitude(sequences):
    np.testing.assert_allclose(
        standardize_each_series(3 * sequences - 7), standardize_each_series(sequences)
    )
