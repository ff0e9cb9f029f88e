"""Per-feature scaling of sequence batches."""

import numpy as np
import pytest

from sklearn_lstmae._scaling import fit_scaler, scale, unscale


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


def test_constant_feature_is_not_divided_by_zero():
    X = np.ones((3, 4, 1))
    assert np.isfinite(scale(fit_scaler(X, "standard"), X)).all()
