"""Shape conventions of sequence input."""

import numpy as np
import pytest

from sklearn_lstmae._sequences import check_sequence_ndim, from_3d, to_3d


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
