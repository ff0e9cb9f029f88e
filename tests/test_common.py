"""scikit-learn's own estimator checks."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_lstmae import LSTMAutoencoderTransformer

# Tiny networks and two epochs: the checks test the API, not the learning.
TINY = {"latent_dim": 2, "encoder_units": 4, "decoder_units": 4, "epochs": 2}


@parametrize_with_checks([LSTMAutoencoderTransformer(**TINY)])
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
