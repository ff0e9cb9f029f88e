"""Pickling of fitted networks: Keras models travel as build arguments and arrays.

Keras models do not pickle reliably across backends and processes, so an
estimator's pickle holds the record its network was built from (a
:class:`~sklearn_lstmae._network.NetworkArchitecture`, plain values), the
weights, and the optimizer's configuration and variables as NumPy arrays.
Unpickling builds the same network again and loads them: the result is
independent of the Keras backend, joblib, loky workers and ``copy.deepcopy``
all work through it, and a warm start after unpickling continues exactly where
training stopped.

This module knows Keras, through the network and training modules, and
nothing of scikit-learn.
"""

from ._network import build_networks
from ._training import network_state, set_network_state

__all__ = [
    "NETWORK_ATTRIBUTES",
    "NETWORK_STATE",
    "restore_networks",
    "strip_networks",
]

# The fitted Keras models; the encoder and decoders share the autoencoder's
# layers. In the order of LSTMAutoencoderNetworks.
NETWORK_ATTRIBUTES = ("autoencoder_", "encoder_", "decoder_", "prediction_decoder_")
# Where a pickled state keeps the networks' arrays instead of the models.
NETWORK_STATE = "_network_state"
# Training-time objects, such as callbacks holding open files, are not kept.
_UNPICKLED_ATTRIBUTES = ("callbacks_",)


def strip_networks(state):
    """Return a copy of an estimator's ``__dict__`` with its Keras models as arrays.

    The models under ``NETWORK_ATTRIBUTES`` are replaced by their weights and
    optimizer state, under ``NETWORK_STATE``.
    """
    state = {
        name: value
        for name, value in state.items()
        if name not in _UNPICKLED_ATTRIBUTES
    }
    if NETWORK_ATTRIBUTES[0] in state:
        state[NETWORK_STATE] = network_state(state[NETWORK_ATTRIBUTES[0]])
        for name in NETWORK_ATTRIBUTES:
            del state[name]
    return state


def restore_networks(architecture, saved):
    """Build the networks of ``architecture`` again and load a saved state.

    Parameters
    ----------
    architecture : NetworkArchitecture
        What the networks were built from.
    saved : dict
        Their state, as :func:`strip_networks` kept it under ``NETWORK_STATE``.

    Returns
    -------
    networks : LSTMAutoencoderNetworks
        The models, with the saved weights, compiled with the saved optimizer.
    """
    networks = build_networks(architecture)
    set_network_state(networks.autoencoder, saved)
    return networks
