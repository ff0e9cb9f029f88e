"""TensorFlow's thread pools follow OMP_NUM_THREADS, as joblib's workers set it."""

import pytest
from joblib import Parallel, delayed

from sklearn_lstmae._threads import follow_omp_num_threads


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"OMP_NUM_THREADS": "3"}, ("3", "3")),
        ({"OMP_NUM_THREADS": "3", "TF_NUM_INTRAOP_THREADS": "8"}, ("8", "3")),
        ({}, (None, None)),
        ({"OMP_NUM_THREADS": "0"}, (None, None)),
        ({"OMP_NUM_THREADS": "many"}, (None, None)),
    ],
)
def test_user_settings_win_and_nonsense_is_ignored(environ, expected):
    follow_omp_num_threads(environ)
    assert (
        environ.get("TF_NUM_INTRAOP_THREADS"),
        environ.get("TF_NUM_INTEROP_THREADS"),
    ) == expected


def _tensorflow_thread_settings():
    import os

    import sklearn_lstmae  # noqa: F401

    return os.environ.get("OMP_NUM_THREADS"), os.environ.get("TF_NUM_INTRAOP_THREADS")


def test_loky_workers_bound_tensorflow_by_their_share_of_the_cores():
    # joblib gives each of n_jobs workers cpu_count // n_jobs threads.
    results = Parallel(n_jobs=2, backend="loky")(
        delayed(_tensorflow_thread_settings)() for _ in range(2)
    )
    for omp_threads, tensorflow_threads in results:
        assert omp_threads is not None
        assert tensorflow_threads == omp_threads
