"""Shape conventions of sequence input."""

import numpy as np
import pytest

from sklearn_lstmae._sequences import (
    LAYOUTS,
    check_sequence_ndim,
    from_3d,
    is_ragged,
    pad_ragged,
    reverse_each,
    sequence_lengths,
    to_3d,
    unpad,
)


@pytest.mark.parametrize("shape", [(4, 9), (4, 9, 2)])
def test_to_3d_and_back_round_trip(shape):
    X = np.arange(np.prod(shape), dtype=float).reshape(shape)
    sequences = to_3d(X)
    assert sequences.ndim == 3
    np.testing.assert_array_equal(from_3d(sequences, ndim=X.ndim), X)


def test_check_sequence_ndim_accepts_lists():
    assert check_sequence_ndim([[1, 2, 3], [4, 5, 6]]) == (2, 3)


@pytest.mark.parametrize("shape", [(), (5,), (2, 3, 4, 5)])
def test_check_sequence_ndim_says_what_it_expected_and_got(shape):
    with pytest.raises(
        ValueError, match=rf"Expected X to be a 2-D .* got {len(shape)}-D"
    ):
        check_sequence_ndim(np.zeros(shape))


def test_lists_of_equal_lengths_are_not_ragged():
    assert not is_ragged([np.zeros(3), np.zeros(3)])
    assert not is_ragged(np.zeros((2, 3)))
    assert not is_ragged(["abc", "de"])
    assert is_ragged([np.zeros((3, 2)), np.zeros((1, 2))])


def test_pad_ragged_keeps_float32_and_pads_with_nan():
    padded, layout = pad_ragged(
        [np.ones((2, 2), np.float32), np.ones((3, 2), np.float32)]
    )
    assert layout == "list of 2d"
    assert padded.dtype == np.float32
    assert padded.shape == (2, 3, 2)
    assert np.isnan(padded[0, 2]).all()
    assert not np.isnan(padded[1]).any()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [[1.0, np.nan, 2.0]],
            "sample 0: NaN at time index 1, a value at time index 2",
        ),
        ([[1.0, 2.0], [np.nan, np.nan]], "no values, only NaN, at sample 1"),
    ],
)
def test_nan_is_only_trailing_padding(rows, message):
    with pytest.raises(ValueError, match=message):
        sequence_lengths(np.array(rows)[:, :, np.newaxis])


def test_lengths_count_steps_up_to_the_padding_zeros_included():
    X = np.array([[0.0, 0.0, np.nan], [0.0, 0.0, 0.0], [5.0, np.nan, np.nan]])
    np.testing.assert_array_equal(sequence_lengths(X[:, :, np.newaxis]), [2, 3, 1])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_unpad_returns_every_layout_at_its_lengths(layout):
    n_features = 2 if layout in ("3d", "list of 2d") else 1
    batch = np.arange(6.0 * n_features).reshape(2, 3, n_features)
    sequences = unpad(batch, [3, 1], layout)
    if layout.startswith("list"):
        assert [sequence.shape[0] for sequence in sequences] == [3, 1]
        assert sequences[1].ndim == int(layout[-2])
    else:
        assert sequences.ndim == int(layout[0])
        assert np.isnan(sequences[1, 1:]).all()
        assert not np.isnan(sequences[0]).any()


def test_reverse_each_keeps_the_padding_in_place_and_undoes_itself():
    batch = np.arange(12.0).reshape(3, 4, 1)
    reversed_ = reverse_each(batch, [4, 2, 1])
    np.testing.assert_array_equal(reversed_[1, :, 0], [5.0, 4.0, 6.0, 7.0])
    np.testing.assert_array_equal(reverse_each(reversed_, [4, 2, 1]), batch)
