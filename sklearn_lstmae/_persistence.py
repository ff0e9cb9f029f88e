"""Pickling of fitted networks: Keras models travel as build arguments and arrays.

Keras models do not pickle reliably across backends and processes, so the
estimator stores the arguments it built its network with, the weights, and the
optimizer's configuration and variables as NumPy arrays. Unpickling builds the
same network again and loads them: the result is independent of the Keras
backend, joblib, loky workers and ``copy.deepcopy`` all work through it, and a
warm start after unpickling continues exactly where training stopped.
"""

from ._network import build_lstm_autoencoder
from ._training import network_state, set_network_state

__all__ = ["NETWORK_ATTRIBUTES", "restore_networks", "strip_networks"]

# The fitted Keras models; the encoder and decoders share the autoencoder's layers.
NETWORK_ATTRIBUTES = ("autoencoder_", "encoder_", "decoder_", "prediction_decoder_")
# Training-time objects, such as callbacks holding open files, are not kept.
_UNPICKLED_ATTRIBUTES = ("callbacks_",)
_BUILD_ARGUMENTS = "_network_arguments"
_STATE = "_network_state"


def strip_networks(state):
    """Return a copy of an estimator's ``__dict__`` with its Keras models as arrays.

    ``state[_BUILD_ARGUMENTS]`` must hold the keyword arguments the networks were
    built with by :func:`~sklearn_lstmae._network.build_lstm_autoencoder`.
    """
    state = {
        name: value
        for name, value in state.items()
        if name not in _UNPICKLED_ATTRIBUTES
    }
    if "autoencoder_" in state:
        state[_STATE] = network_state(state["autoencoder_"])
        for name in NETWORK_ATTRIBUTES:
            del state[name]
    return state


def restore_networks(state):
    """Undo :func:`strip_networks` in place: rebuild the models, load the state."""
    saved = state.pop(_STATE, None)
    if saved is None:
        return state
    networks = build_lstm_autoencoder(**state[_BUILD_ARGUMENTS])
    set_network_state(networks[0], saved)
    state.update(zip(NETWORK_ATTRIBUTES, networks, strict=True))
    return state
