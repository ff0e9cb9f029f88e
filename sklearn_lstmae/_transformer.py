"""The LSTM autoencoder as a scikit-learn transformer."""

from numbers import Integral, Real

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from ._network import build_lstm_autoencoder
from ._persistence import restore_networks, strip_networks
from ._scaling import SCALERS, fit_scaler, scale, unscale
from ._sequences import check_sequence_ndim, from_3d, to_3d
from ._training import TrainingDivergedError, train_network

__all__ = ["LSTMAutoencoderTransformer"]

# Sequences per forward pass in transform and friends: large enough to keep the
# per-call overhead of Keras small, small enough to bound memory on long series.
_PREDICT_BATCH_SIZE = 256
# Initializer seeds are drawn below this, leaving room for one offset per weight
# under the int32 limit that some backends place on seeds.
_MAX_SEED = 2**31 - 2**16


class LSTMAutoencoderTransformer(
    ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator
):
    """Encode sequences into fixed-length vectors with an LSTM autoencoder.

    ``fit`` trains an encoder LSTM and a decoder LSTM to reconstruct the
    training sequences through a ``latent_dim`` bottleneck. ``transform``
    returns the bottleneck vector of each sequence, a fixed-length feature
    vector for clustering, classification or anomaly scores, and
    ``inverse_transform`` decodes such vectors back into sequences.

    Parameters
    ----------
    latent_dim : int, default=8
        Size of the bottleneck vector, the number of output features. It is
        independent of the LSTM widths: a dense layer projects the encoder's
        final hidden state onto it.

    encoder_units : int or tuple of int, default=64
        Units of the encoder LSTM; a tuple stacks several layers, first first.

    decoder_units : int or tuple of int, default=64
        Units of the decoder LSTM; a tuple stacks several layers, first first.

    activation : str, default="tanh"
        Activation of the LSTM cells, any name Keras knows. ``"tanh"`` is
        the most stable and the one cuDNN accelerates on GPUs.

    scaling : {"standard", "minmax"} or None, default="standard"
        Scaling of each feature, fitted over all time steps of all training
        sequences and undone by ``inverse_transform``: ``"standard"`` to zero
        mean and unit variance, ``"minmax"`` to [0, 1], ``None`` for none.

    epochs : int, default=50
        Passes over the training data.

    batch_size : int, default=32
        Sequences per gradient step.

    learning_rate : float, default=1e-3
        Step size of the Adam optimizer.

    clipnorm : float or None, default=1.0
        Largest norm of each weight's gradient, which keeps a bad batch from
        throwing training off; ``None`` for no clipping.

    random_state : int, RandomState instance or None, default=None
        Seeds the weight initialisation and the shuffling of batches. An int
        makes fits reproducible on CPU; the global random state of Python,
        NumPy and the Keras backend is neither used nor changed.

    verbose : int, default=0
        0 trains silently, 1 shows Keras's progress bar, 2 one line per epoch.

    Attributes
    ----------
    autoencoder_ : keras.Model
        The trained network, sequences to reconstructed sequences.

    encoder_ : keras.Model
        Its encoder half, sequences to bottleneck vectors.

    decoder_ : keras.Model
        Its decoder half, bottleneck vectors to sequences.

    history_ : dict of str to list of float
        Per-epoch training metrics; ``history_["loss"]`` is the mean squared
        reconstruction error of the scaled data.

    n_epochs_ : int
        Number of epochs run.

    scaler_ : StandardScaler, MinMaxScaler or None
        The fitted per-feature scaler, applied to every time step.

    sequence_shape_ : tuple of int
        ``(n_timesteps, n_features)`` of the training sequences.

    input_ndim_ : int
        2 or 3, the number of dimensions of ``X`` in ``fit``; ``inverse_transform``
        returns sequences in the same layout.

    n_features_in_ : int
        Number of columns of ``X`` seen during fit, as scikit-learn counts them:
        ``X.shape[1]``, the number of time steps.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns of a DataFrame ``X``. Defined only when ``X`` has
        string column names.

    See Also
    --------
    sklearn.decomposition.PCA : Linear features of fixed-length vectors.
    sklearn.neural_network.MLPRegressor : A dense network for tabular data.

    Notes
    -----
    The architecture follows Srivastava et al., "Unsupervised Learning of
    Video Representations using LSTMs" (ICML 2015): an encoder LSTM whose
    final state summarises the sequence, repeated at every step as the input of
    a decoder LSTM with a time-distributed dense output.

    A 2-D ``X`` of shape ``(n_samples, n_timesteps)`` holds univariate
    sequences, one per row; a 3-D ``X`` is ``(n_samples, n_timesteps,
    n_features)`` as in Keras.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae import LSTMAutoencoderTransformer
    >>> X = np.sin(np.linspace(0, 3, 9) + np.arange(20)[:, None])
    >>> ae = LSTMAutoencoderTransformer(latent_dim=2, epochs=2, random_state=0)
    >>> ae.fit_transform(X).shape
    (20, 2)
    >>> ae.inverse_transform(ae.transform(X)).shape
    (20, 9)
    """

    _parameter_constraints: dict = {
        "latent_dim": [Interval(Integral, 1, None, closed="left")],
        "encoder_units": [Interval(Integral, 1, None, closed="left"), tuple, list],
        "decoder_units": [Interval(Integral, 1, None, closed="left"), tuple, list],
        "activation": [str],
        "scaling": [StrOptions(set(SCALERS)), None],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "clipnorm": [Interval(Real, 0, None, closed="neither"), None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        latent_dim=8,
        *,
        encoder_units=64,
        decoder_units=64,
        activation="tanh",
        scaling="standard",
        epochs=50,
        batch_size=32,
        learning_rate=1e-3,
        clipnorm=1.0,
        random_state=None,
        verbose=0,
    ):
        self.latent_dim = latent_dim
        self.encoder_units = encoder_units
        self.decoder_units = decoder_units
        self.activation = activation
        self.scaling = scaling
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.clipnorm = clipnorm
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Train the autoencoder to reconstruct the sequences in ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features)
            Training sequences: univariate if 2-D.

        y : None
            Ignored; present for API consistency.

        Returns
        -------
        self : object
            The fitted transformer.

        Raises
        ------
        TrainingDivergedError
            If the training loss became NaN or infinite.
        """
        X = self._validate_sequences(X, reset=True)
        sequences = to_3d(X)
        scaler = fit_scaler(sequences, self.scaling)

        random_state = check_random_state(self.random_state)
        network_seed, shuffle_seed = random_state.randint(_MAX_SEED, size=2)
        network_arguments = {
            "n_timesteps": sequences.shape[1],
            "n_features": sequences.shape[2],
            "latent_dim": self.latent_dim,
            "encoder_units": self.encoder_units,
            "decoder_units": self.decoder_units,
            "activation": self.activation,
            "seed": int(network_seed),
        }
        autoencoder, encoder, decoder = build_lstm_autoencoder(**network_arguments)
        training_data = self._network_input(scaler, sequences)
        try:
            history = train_network(
                autoencoder,
                training_data,
                training_data,
                epochs=self.epochs,
                batch_size=self.batch_size,
                learning_rate=self.learning_rate,
                clipnorm=self.clipnorm,
                seed=int(shuffle_seed),
                verbose=min(int(self.verbose), 2),
            )
        except TrainingDivergedError:
            # Validation has already reset n_features_in_: a failed refit must
            # not leave an earlier network behind as if it matched.
            for name in [name for name in vars(self) if name.endswith("_")]:
                delattr(self, name)
            raise

        # Attributes are set only once training has succeeded, so that a
        # diverged fit leaves no half-fitted estimator behind.
        self.autoencoder_, self.encoder_, self.decoder_ = autoencoder, encoder, decoder
        self._network_arguments = network_arguments
        self.history_ = history
        self.n_epochs_ = len(history["loss"])
        self.scaler_ = scaler
        self.sequence_shape_ = sequences.shape[1:]
        self.input_ndim_ = X.ndim
        return self

    def transform(self, X):
        """Encode each sequence as its bottleneck vector.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features)
            Sequences shaped like the training sequences.

        Returns
        -------
        X_new : ndarray of shape (n_samples, latent_dim)
            The bottleneck vectors, of the float dtype of ``X``.
        """
        X = self._validate_sequences(X, reset=False)
        latent = self.encoder_.predict(
            self._network_input(self.scaler_, to_3d(X)),
            batch_size=_PREDICT_BATCH_SIZE,
            verbose=0,
        )
        return latent.astype(X.dtype, copy=False)

    def inverse_transform(self, X):
        """Decode bottleneck vectors into sequences, in the units of the input.

        Parameters
        ----------
        X : array-like of shape (n_samples, latent_dim)
            Bottleneck vectors, as returned by ``transform``.

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features)
            Decoded sequences, 2-D if ``fit`` was given 2-D input, 3-D
            otherwise, of the float dtype of ``X``.
        """
        check_is_fitted(self)
        latent = check_array(X, dtype=[np.float64, np.float32])
        latent_dim = self._n_features_out
        if latent.shape[1] != latent_dim:
            raise ValueError(
                f"X has {latent.shape[1]} features, but inverse_transform expects "
                f"bottleneck vectors of latent_dim={latent_dim} features."
            )
        decoded = self.decoder_.predict(
            latent.astype(np.float32), batch_size=_PREDICT_BATCH_SIZE, verbose=0
        )
        sequences = unscale(self.scaler_, decoded.astype(latent.dtype, copy=False))
        return from_3d(sequences, self.input_ndim_)

    def score_samples(self, X):
        """Negative mean squared reconstruction error of each sequence.

        The error is measured in the units of ``X``, over all its time steps
        and features; higher is better, as for other scikit-learn scores.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features)
            Sequences shaped like the training sequences.

        Returns
        -------
        scores : ndarray of shape (n_samples,)
            Minus each sequence's mean squared reconstruction error.
        """
        X = self._validate_sequences(X, reset=False)
        sequences = to_3d(X)
        reconstructed = self.autoencoder_.predict(
            self._network_input(self.scaler_, sequences),
            batch_size=_PREDICT_BATCH_SIZE,
            verbose=0,
        )
        reconstructed = unscale(self.scaler_, reconstructed.astype(X.dtype))
        return -np.mean((reconstructed - sequences) ** 2, axis=(1, 2))

    def score(self, X, y=None):
        """Negative mean squared reconstruction error, averaged over sequences.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features)
            Sequences shaped like the training sequences.

        y : None
            Ignored; present for API consistency.

        Returns
        -------
        score : float
            The mean of :meth:`score_samples`; higher is better.
        """
        return float(np.mean(self.score_samples(X)))

    def __getstate__(self):
        return strip_networks(super().__getstate__())

    def __setstate__(self, state):
        super().__setstate__(restore_networks(state))

    def __sklearn_is_fitted__(self):
        # Validation sets n_features_in_ before training; only a trained
        # network makes a fitted transformer.
        return hasattr(self, "autoencoder_")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    @property
    def _n_features_out(self):
        """Number of output features, for ``get_feature_names_out``."""
        return self.encoder_.output_shape[-1]

    def _validate_sequences(self, X, *, reset):
        """Check ``X`` and return it as a float array of 2 or 3 dimensions."""
        if not reset:
            check_is_fitted(self)
        shape = check_sequence_ndim(X)
        if not reset:
            self._check_sequence_shape(shape)
        X = validate_data(
            self, X, reset=reset, dtype=[np.float64, np.float32], allow_nd=True
        )
        if X.ndim == 3 and 0 in X.shape[1:]:
            raise ValueError(
                "Expected sequences of at least one time step and one feature; "
                f"got X of shape {X.shape}."
            )
        return X

    def _check_sequence_shape(self, shape):
        """Raise a ValueError if sequences of ``shape`` differ from the fitted ones."""
        n_timesteps, n_features = self.sequence_shape_
        received = (shape[1], shape[2] if len(shape) == 3 else 1)
        if received == self.sequence_shape_:
            return
        if len(shape) == 2 and shape[1] != n_timesteps:
            # The wording of scikit-learn's own check, with what it means here.
            raise ValueError(
                f"X has {shape[1]} features, but {type(self).__name__} is expecting "
                f"{self.n_features_in_} features as input: each row of a 2-D X is "
                f"one univariate sequence, and the transformer was fitted on "
                f"sequences of {n_timesteps} time steps and {n_features} feature(s)."
            )
        raise ValueError(
            f"X holds sequences of {received[0]} time steps and {received[1]} "
            f"feature(s), but {type(self).__name__} was fitted on sequences of "
            f"{n_timesteps} time steps and {n_features} feature(s)."
        )

    @staticmethod
    def _network_input(scaler, sequences):
        # Keras computes in float32 whatever the input; convert once, here.
        return scale(scaler, sequences).astype(np.float32, copy=False)
