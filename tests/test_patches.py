"""Sequences read as patches of time steps: layout, lengths and the estimator."""

import numpy as np
import pytest

from sklearn_lstmae import LSTMAutoencoderTransformer
from sklearn_lstmae._patches import (
    auto_patch_size,
    element_mask,
    from_patches,
    patch_count,
    to_patches,
)

from .tiny import TINY

pytestmark = pytest.mark.usefixtures("tensorflow_runs_eagerly")


def test_patches_hold_their_steps_in_order_and_come_back_whole():
    steps = np.arange(2 * 7 * 3).reshape(2, 7, 3)
    patches = to_patches(steps, 3, 3)
    assert patches.shape == (2, 3, 9)
    # The second patch of the first sequence: steps 3, 4 and 5, side by side.
    np.testing.assert_array_equal(patches[0, 1], steps[0, 3:6].ravel())
    # Two steps short of 3 patches of 3: zeros.
    np.testing.assert_array_equal(patches[:, 2, 3:], 0)
    np.testing.assert_array_equal(from_patches(patches, 3)[:, :7], steps)


def test_the_value_mask_is_true_on_real_steps_of_every_feature():
    mask = element_mask([4, 1], 2, 3, 2)
    assert mask.shape == (2, 2, 6)
    np.testing.assert_array_equal(mask.sum(axis=(1, 2)), [4 * 2, 1 * 2])
    np.testing.assert_array_equal(mask[0, 1], [1, 1, 0, 0, 0, 0])


def test_patch_counts_round_up():
    np.testing.assert_array_equal(
        patch_count(np.arange(1, 8), 3), [1, 1, 1, 2, 2, 2, 3]
    )


@pytest.mark.parametrize(
    ("lengths", "expected"),
    [
        ([24, 24], 1),
        ([47], 1),
        ([48], 2),
        ([80], 3),
        ([150, 150], 5),
        ([9, 251, 300], 8),
    ],
)
def test_auto_reads_the_median_sequence_in_about_32_patches(lengths, expected):
    assert auto_patch_size(np.array(lengths)) == expected


def _ragged(n_samples=16, seed=0):
    """Sequences of 5 to 20 steps and 2 features: few lengths divide by 3."""
    rng = np.random.default_rng(seed)
    return [
        np.sin(np.linspace(0, 3, length))[:, np.newaxis]
        + rng.normal(0, 0.1, (length, 2))
        for length in rng.integers(5, 21, size=n_samples)
    ]


@pytest.fixture(scope="module")
def patched():
    return LSTMAutoencoderTransformer(**TINY, patch_size=3, random_state=0).fit(
        _ragged()
    )


def test_the_network_reads_patches_and_the_methods_time_steps(patched):
    sequences = _ragged()
    # 3 steps of 2 features per network step.
    assert patched.encoder_.input["sequences"].shape[-1] == 6
    assert patched.patch_size_ == 3
    lengths = [len(sequence) for sequence in sequences]
    decoded = patched.inverse_transform(patched.transform(sequences), lengths=lengths)
    assert [len(sequence) for sequence in decoded] == lengths
    assert all(sequence.shape[1] == 2 for sequence in decoded)


def test_the_score_of_patches_is_the_error_on_real_steps(patched):
    sequences = _ragged()
    decoded = patched.inverse_transform(
        patched.transform(sequences), lengths=[len(s) for s in sequences]
    )
    errors = [np.mean((d - s) ** 2) for d, s in zip(decoded, sequences, strict=True)]
    np.testing.assert_allclose(-patched.score_samples(sequences), errors, rtol=1e-4)


def test_patches_change_the_features():
    sequences = _ragged()
    by_step, by_patch = (
        LSTMAutoencoderTransformer(**TINY, patch_size=size, random_state=0)
        .fit(sequences)
        .transform(sequences)
        for size in (1, 3)
    )
    assert not np.allclose(by_step, by_patch)


def test_auto_chooses_from_the_training_lengths():
    X = np.sin(np.linspace(0, 20, 200) + np.arange(8)[:, np.newaxis])
    transformer = LSTMAutoencoderTransformer(
        **TINY, patch_size="auto", random_state=0
    ).fit(X)
    assert transformer.patch_size_ == 6
    assert transformer.inverse_transform(transformer.transform(X)).shape == X.shape


def test_warm_start_keeps_the_patch_size_or_refuses_another(patched):
    sequences = _ragged()
    transformer = LSTMAutoencoderTransformer(
        **TINY, patch_size=3, warm_start=True, random_state=0
    ).fit(sequences)
    transformer.set_params(patch_size="auto").fit(sequences)
    assert transformer.patch_size_ == 3
    with pytest.raises(ValueError, match="patch_size from 3 to 2"):
        transformer.set_params(patch_size=2).fit(sequences)


@pytest.mark.parametrize("patch_size", [0, 1.5, "big"])
def test_a_bad_patch_size_is_rejected(patch_size):
    with pytest.raises(ValueError, match="patch_size"):
        LSTMAutoencoderTransformer(patch_size=patch_size).fit(np.ones((4, 6)))
