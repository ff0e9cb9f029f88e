"""Private APIs of scikit-learn and TensorFlow, used here and nowhere else.

Each name below is private to its library and may move or change in a
release; importing them from this one module keeps the damage of such a change
to one file, and each says why there is no public way yet and which public
replacement to watch for (imbalanced-learn keeps its own in
``utils/_sklearn_compat.py`` for the same reason).
"""

from sklearn.base import _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import _check_feature_names

__all__ = [
    "Interval",
    "StrOptions",
    "check_feature_names",
    "fit_context",
    "neighbors_training_data",
    "tensorflow_gradient_registry",
]

# Runs `fit` with the estimator's parameters validated against
# `_parameter_constraints` and nested validation skipped, as scikit-learn's own
# estimators do. scikit-learn has no public decorator for it; the public
# alternative is to call `sklearn.utils.validation.validate_params`-style
# checks by hand. Watch for a public `fit_context` in `sklearn.base`.
fit_context = _fit_context

# `Interval` and `StrOptions` declare `_parameter_constraints`, which
# scikit-learn's estimator checks and `_fit_context` read. They live in the
# private `sklearn.utils._param_validation`; every third-party estimator
# template imports them from there. Watch for a public
# `sklearn.utils.param_validation`.

# Checks and sets `feature_names_in_` for input that `validate_data` cannot
# take: lists of sequences of different lengths. The public `validate_data`
# also checks `n_features_in_`, which for ragged input would be wrong. Watch
# for a public feature-names check in `sklearn.utils.validation`.
check_feature_names = _check_feature_names


def tensorflow_gradient_registry():
    """TensorFlow's registry of gradient functions; empty on other backends.

    ``_training`` removes the entries that each traced fit leaves behind (see
    ``_forgetting_tensorflow_gradient_registrations`` there), which would
    otherwise keep every traced graph alive. TensorFlow offers no public way to
    unregister a gradient; watch its release notes for one, or for
    ``tf.custom_gradient`` no longer registering a name per trace.
    """
    import keras

    if keras.backend.backend() != "tensorflow":
        return {}
    try:
        from tensorflow.python.framework import ops

        return ops._gradient_registry._registry
    except (ImportError, AttributeError):
        # A TensorFlow whose internals moved: keep working, just leak as before.
        return {}


def neighbors_training_data(neighbors):
    """The vectors a fitted ``NearestNeighbors`` searches.

    Model files save them to fit the same search again on loading (the search
    tree is not plain data). scikit-learn keeps them in the private
    ``_fit_X``; the detector could keep its own copy instead, at the cost of
    holding them twice. Watch for a public accessor.
    """
    return neighbors._fit_X
