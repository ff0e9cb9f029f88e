"""LSTM autoencoders as scikit-learn transformers and outlier detectors.

The estimators and their helpers are imported on first use, so that
``import sklearn_lstmae.datasets`` does not start TensorFlow, and TensorFlow's
start-up chatter is filtered out when it loads.
"""

import importlib

from ._quiet import quiet_tensorflow as _quiet_tensorflow
from ._threads import follow_omp_num_threads as _follow_omp_num_threads

# Before anything imports TensorFlow: in joblib's workers, this keeps n_jobs
# fits from each running as many threads as the machine has cores.
_follow_omp_num_threads()

__version__ = "0.1.0.dev0"

__all__ = [
    "LSTMAutoencoderOutlierDetector",
    "LSTMAutoencoderTransformer",
    "ModelFileError",
    "SlidingWindows",
    "TrainingDivergedError",
    "build_lstm_autoencoder",
    "channels_first",
    "channels_last",
    "datasets",
    "load_model",
    "plotting",
]

_LAZY_ATTRIBUTES = {
    "LSTMAutoencoderOutlierDetector": "._detector",
    "LSTMAutoencoderTransformer": "._transformer",
    "ModelFileError": "._model_file",
    "SlidingWindows": "._windows",
    "TrainingDivergedError": "._training",
    "build_lstm_autoencoder": "._network",
    "channels_first": "._sequences",
    "channels_last": "._sequences",
    "load_model": "._model_file",
}

# Public submodules that import neither TensorFlow nor their optional extras.
_SUBMODULES = ("datasets", "plotting")


def __getattr__(name):
    if name in _LAZY_ATTRIBUTES:
        with _quiet_tensorflow():
            module = importlib.import_module(_LAZY_ATTRIBUTES[name], __name__)
        return getattr(module, name)
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
