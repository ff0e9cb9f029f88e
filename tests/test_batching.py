"""Batches of similar lengths, cut to their longest sequence."""

import numpy as np
import pytest

from sklearn_lstmae._batching import batch_length, length_sorted_batches


def test_batches_hold_every_sequence_once():
    lengths = np.random.default_rng(0).integers(1, 500, size=103)
    batches = length_sorted_batches(lengths, 10, rng=np.random.default_rng(0))
    assert sorted(np.concatenate(batches)) == list(range(103))
    assert sorted(len(batch) for batch in batches) == [3] + [10] * 10


def test_prediction_batches_follow_the_sorted_lengths():
    lengths = np.random.default_rng(0).integers(10, 1000, size=400)
    batches = length_sorted_batches(lengths, 16)
    for batch, following in zip(batches, batches[1:], strict=False):
        assert lengths[batch].max() <= lengths[following].min()


def test_training_batches_group_similar_lengths():
    lengths = np.random.default_rng(0).integers(10, 1000, size=400)
    batches = length_sorted_batches(lengths, 16, rng=np.random.default_rng(1))
    padded_steps = sum(len(batch) * lengths[batch].max() for batch in batches)
    # Padding everything to the longest would cost about twice the real steps.
    assert padded_steps < 1.15 * lengths.sum()


def test_training_batches_change_from_epoch_to_epoch():
    lengths = np.full(64, 10)
    rng = np.random.default_rng(0)
    first, second = (length_sorted_batches(lengths, 8, rng=rng) for _ in range(2))
    assert not all(np.array_equal(a, b) for a, b in zip(first, second, strict=True))


@pytest.mark.parametrize("longest", [1, 7, 8, 9, 100, 513, 1000])
def test_batch_length_rounds_up_by_less_than_an_eighth(longest):
    cut = batch_length(longest, 10_000)
    assert longest <= cut < longest * 1.125 + 1


def test_batch_length_needs_few_shapes_and_never_exceeds_the_data():
    assert len({batch_length(n, 10_000) for n in range(10, 1001)}) <= 60
    assert batch_length(999, 1000) == 1000
