"""scikit-learn's own estimator checks."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_lstmae import LSTMAutoencoderTransformer

from .tiny import TINY


@parametrize_with_checks([LSTMAutoencoderTransformer(**TINY)])
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
