"""Pickling of fitted networks: Keras models travel as build arguments and weights.

Keras models do not pickle reliably across backends and processes, so the
estimator stores the arguments it built its network with and the weights as
NumPy arrays. Unpickling builds the same network again and loads the weights:
the result is independent of the Keras backend, and joblib, loky workers and
``copy.deepcopy`` all work through it.
"""

from ._network import build_lstm_autoencoder

__all__ = ["NETWORK_ATTRIBUTES", "restore_networks", "strip_networks"]

# The fitted Keras models; the encoder and decoder share the autoencoder's layers.
NETWORK_ATTRIBUTES = ("autoencoder_", "encoder_", "decoder_")
_BUILD_ARGUMENTS = "_network_arguments"
_WEIGHTS = "_network_weights"


def strip_networks(state):
    """Return a copy of an estimator's ``__dict__`` with its Keras models as weights.

    ``state[_BUILD_ARGUMENTS]`` must hold the keyword arguments the networks were
    built with by :func:`~sklearn_lstmae._network.build_lstm_autoencoder`.
    """
    state = dict(state)
    if "autoencoder_" in state:
        state[_WEIGHTS] = state["autoencoder_"].get_weights()
        for name in NETWORK_ATTRIBUTES:
            del state[name]
    return state


def restore_networks(state):
    """Undo :func:`strip_networks` in place: rebuild the models, load the weights."""
    weights = state.pop(_WEIGHTS, None)
    if weights is None:
        return state
    networks = build_lstm_autoencoder(**state[_BUILD_ARGUMENTS])
    networks[0].set_weights(weights)
    state.update(zip(NETWORK_ATTRIBUTES, networks, strict=True))
    return state
