"""The shipped dataset and the synthetic generator."""

import subprocess
import sys

import numpy as np
import pytest

from sklearn_lstmae.datasets import (
    load_basic_motions,
    load_italy_power_demand,
    make_sequences,
)


@pytest.mark.parametrize(
    ("subset", "n_samples"), [("train", 67), ("test", 1029), ("all", 1096)]
)
def test_italy_power_demand_subsets(subset, n_samples):
    X, y = load_italy_power_demand(subset=subset, return_X_y=True)
    assert X.shape == (n_samples, 24)
    assert X.dtype == np.float64
    assert set(np.unique(y)) == {1, 2}
    assert np.isfinite(X).all()


@pytest.mark.parametrize(
    ("subset", "n_samples"), [("train", 40), ("test", 40), ("all", 80)]
)
def test_basic_motions_subsets(subset, n_samples):
    X, y = load_basic_motions(subset=subset, return_X_y=True)
    assert X.shape == (n_samples, 100, 6)
    assert X.dtype == np.float64
    # Ten recordings of each activity in each split.
    assert np.bincount(y).tolist() == [n_samples // 4] * 4
    assert np.isfinite(X).all()


def test_basic_motions_bunch_names_its_classes_and_cites_the_archive():
    bunch = load_basic_motions(subset="train")
    assert bunch.target_names == ["standing", "walking", "running", "badminton"]
    assert "arXiv:1811.00075" in bunch.DESCR
    # Steps first: the accelerometer of someone standing barely moves, that
    # of someone running swings, on every axis.
    standing, running = bunch.data[bunch.target == 0], bunch.data[bunch.target == 2]
    assert (standing[:, :, :3].std(axis=1) < running[:, :, :3].std(axis=1).min()).all()


def test_italy_power_demand_bunch_cites_its_sources():
    bunch = load_italy_power_demand()
    assert "Intelligent Icons" in bunch.DESCR
    assert "The UCR Time Series Archive" in bunch.DESCR
    assert len(bunch.target_names) == 2
    # The archive z-normalizes each series.
    np.testing.assert_allclose(bunch.data.mean(axis=1), 0, atol=1e-5)


def test_italy_power_demand_rejects_unknown_subsets():
    with pytest.raises(ValueError, match=r"subset must be one of .* got subset='val'"):
        load_italy_power_demand(subset="val")


def test_make_sequences_shapes_and_balanced_classes():
    X, y = make_sequences(n_samples=12, n_timesteps=30, n_features=2, n_classes=3)
    assert X.shape == (12, 30, 2)
    assert np.bincount(y).tolist() == [4, 4, 4]


def test_make_sequences_is_reproducible_and_frequency_tells_classes():
    X, y = make_sequences(n_samples=60, n_timesteps=64, noise=0.0, random_state=1)
    np.testing.assert_array_equal(
        X, make_sequences(60, 64, noise=0.0, random_state=1)[0]
    )
    # The strongest frequency of each noiseless series is its class plus one.
    peak = np.abs(np.fft.rfft(X[:, :, 0], axis=1))[:, 1:].argmax(axis=1) + 1
    np.testing.assert_array_equal(peak, y + 1)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"n_samples": 0}, "n_samples must be a positive integer"),
        ({"noise": -1}, "noise"),
    ],
)
def test_make_sequences_rejects_bad_arguments(arguments, message):
    with pytest.raises(ValueError, match=message):
        make_sequences(**arguments)


def test_datasets_do_not_load_tensorflow():
    script = (
        "import sys, sklearn_lstmae.datasets as d; d.load_italy_power_demand(); "
        "d.make_sequences(); "
        "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
