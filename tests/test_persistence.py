"""Pickling fitted transformers: in process, through joblib, in a fresh process."""

import copy
import json
import pickle
import subprocess
import sys

import joblib
import numpy as np
import pytest

from sklearn_lstmae import LSTMAutoencoderTransformer


def test_pickle_round_trip_keeps_every_output(
    fitted_multivariate, multivariate_sequences
):
    X, _ = multivariate_sequences
    restored = pickle.loads(pickle.dumps(fitted_multivariate))
    latent = fitted_multivariate.transform(X)
    np.testing.assert_array_equal(restored.transform(X), latent)
    np.testing.assert_array_equal(
        restored.inverse_transform(latent),
        fitted_multivariate.inverse_transform(latent),
    )
    assert restored.history_ == fitted_multivariate.history_


def test_pickle_holds_no_keras_objects(fitted_univariate):
    state = fitted_univariate.__getstate__()
    assert not {"autoencoder_", "encoder_", "decoder_"} & set(state)
    saved = state["_network_state"]
    arrays = saved["weights"] + saved["optimizer_variables"]
    assert arrays
    assert all(isinstance(array, np.ndarray) for array in arrays)
    # The optimizer travels as its configuration, plain data.
    assert json.loads(json.dumps(saved["optimizer"])) == saved["optimizer"]


def test_unfitted_transformer_pickles(tiny_transformer):
    restored = pickle.loads(pickle.dumps(tiny_transformer))
    assert restored.get_params() == tiny_transformer.get_params()


def test_deepcopy_restores_the_fitted_network(fitted_univariate, univariate_sequences):
    X, _ = univariate_sequences
    duplicate = copy.deepcopy(fitted_univariate)
    assert duplicate.encoder_ is not fitted_univariate.encoder_
    np.testing.assert_array_equal(
        duplicate.transform(X), fitted_univariate.transform(X)
    )


def test_network_is_rebuilt_as_fitted_even_after_set_params(univariate_sequences):
    X, _ = univariate_sequences
    transformer = LSTMAutoencoderTransformer(
        2, encoder_units=4, decoder_units=4, epochs=1, random_state=0
    ).fit(X)
    transformer.set_params(latent_dim=5, encoder_units=(16, 16))
    restored = pickle.loads(pickle.dumps(transformer))
    np.testing.assert_array_equal(restored.transform(X), transformer.transform(X))


@pytest.mark.slow
def test_joblib_file_loads_in_a_fresh_process(
    fitted_multivariate, multivariate_sequences, tmp_path
):
    X, _ = multivariate_sequences
    joblib.dump(fitted_multivariate, tmp_path / "model.joblib")
    np.save(tmp_path / "X.npy", X)
    script = (
        "import joblib, numpy as np, sys; "
        "model = joblib.load(sys.argv[1] + '/model.joblib'); "
        "np.save(sys.argv[1] + '/latent.npy', "
        "model.transform(np.load(sys.argv[1] + '/X.npy')))"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True)
    np.testing.assert_array_equal(
        np.load(tmp_path / "latent.npy"), fitted_multivariate.transform(X)
    )


def test_bidirectional_network_with_dropout_round_trips(univariate_sequences):
    X, _ = univariate_sequences
    transformer = LSTMAutoencoderTransformer(
        2,
        encoder_units=(4, 4),
        decoder_units=4,
        bidirectional=True,
        dropout=0.2,
        epochs=1,
        random_state=0,
    ).fit(X)
    restored = pickle.loads(pickle.dumps(transformer))
    np.testing.assert_array_equal(restored.transform(X), transformer.transform(X))
