"""LSTM autoencoders as scikit-learn transformers.

The estimator and its helpers are imported on first use, so that
``import sklearn_lstmae.datasets`` does not start TensorFlow, and a command
line can quieten TensorFlow's start-up before it loads.
"""

import importlib

__version__ = "0.1.0.dev0"

__all__ = [
    "LSTMAutoencoderTransformer",
    "TrainingDivergedError",
    "build_lstm_autoencoder",
    "datasets",
]

_LAZY_ATTRIBUTES = {
    "LSTMAutoencoderTransformer": "._transformer",
    "TrainingDivergedError": "._training",
    "build_lstm_autoencoder": "._network",
}


def __getattr__(name):
    if name in _LAZY_ATTRIBUTES:
        module = importlib.import_module(_LAZY_ATTRIBUTES[name], __name__)
        return getattr(module, name)
    if name == "datasets":
        return importlib.import_module(".datasets", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
