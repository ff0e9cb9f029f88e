"""Keras, imported with TensorFlow's start-up chatter filtered out.

Every module of the package that needs Keras imports it from here, so that
the first import, wherever it happens, is quiet: through the package's lazy
attributes, or through ``pickle`` loading a fitted estimator in a fresh
process, which imports the estimator's module directly.
"""

from ._quiet import quiet_tensorflow

with quiet_tensorflow():
    import keras
    from keras import layers, ops

__all__ = ["keras", "layers", "ops"]
