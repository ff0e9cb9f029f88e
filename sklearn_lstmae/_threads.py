"""Thread pools of the Keras backend, bounded as the rest of scientific Python is.

joblib's loky workers, which run ``GridSearchCV(n_jobs=...)`` and
``cross_val_score(n_jobs=...)``, start with ``OMP_NUM_THREADS`` set to their
share of the cores, and NumPy's BLAS and scikit-learn's OpenMP code respect it.
TensorFlow does not: it sizes its thread pools by the whole machine, so
``n_jobs`` workers each run as many threads as there are cores. The package
therefore passes ``OMP_NUM_THREADS`` on to TensorFlow's own variables when it
is imported, unless those are set already.
"""

import os

__all__ = ["follow_omp_num_threads"]

_TENSORFLOW_THREAD_VARIABLES = ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")


def follow_omp_num_threads(environ=None):
    """Bound TensorFlow's thread pools by ``OMP_NUM_THREADS``, if that is set.

    TensorFlow reads its variables when it first runs an operation, so this
    takes effect in any process that has not run TensorFlow yet. Variables
    the user has set are left alone.

    Parameters
    ----------
    environ : mutable mapping or None, default=None
        The environment to update; ``os.environ`` if None.

    Examples
    --------
    >>> from sklearn_lstmae._threads import follow_omp_num_threads
    >>> environ = {"OMP_NUM_THREADS": "2", "TF_NUM_INTEROP_THREADS": "4"}
    >>> follow_omp_num_threads(environ)
    >>> environ["TF_NUM_INTRAOP_THREADS"], environ["TF_NUM_INTEROP_THREADS"]
    ('2', '4')
    """
    environ = os.environ if environ is None else environ
    n_threads = environ.get("OMP_NUM_THREADS", "").strip()
    if not n_threads.isdigit() or int(n_threads) < 1:
        return
    for name in _TENSORFLOW_THREAD_VARIABLES:
        environ.setdefault(name, n_threads)
