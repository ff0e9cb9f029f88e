"""The LSTM autoencoder as a scikit-learn transformer."""

import copy
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
from sklearn.utils.validation import (
    _check_feature_names,
    check_array,
    check_is_fitted,
    validate_data,
)

from ._network import BOTTLENECK_STATES, build_lstm_autoencoder
from ._persistence import restore_networks, strip_networks
from ._quiet import quiet_tensorflow
from ._scaling import SCALINGS, fit_scaler, scale, unscale
from ._sequences import (
    check_sequence_ndim,
    is_ragged,
    pad_ragged,
    reverse_each,
    sequence_lengths,
    to_3d,
    unpad,
)
from ._training import (
    TrainingDivergedError,
    adam,
    compile_network,
    predict_batches,
    train_network,
)

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

    bidirectional : bool, default=False
        Whether each encoder layer reads the sequences both ways (a
        ``Bidirectional`` LSTM); the bottleneck then sees the final states of
        both directions. Padding is masked in both.

    bottleneck_state : {"hidden", "hidden_and_cell"}, default="hidden"
        What the bottleneck projects to ``latent_dim``: the last encoder
        layer's final hidden state, or its final hidden and cell states
        together (some papers embed with the cell state).

    reverse_target : bool, default=False
        Train the decoder to output each sequence in reverse order, as
        Srivastava et al. do: its first step is then the encoder's last one,
        a short path for the gradient. ``inverse_transform`` and
        ``score_samples`` turn the output back into the original order.

    dropout : float, default=0.0
        Fraction of each LSTM's inputs dropped during training.

    recurrent_dropout : float, default=0.0
        Fraction of each LSTM's recurrent state dropped during training.

    scaling : {"standard", "minmax", "per_series"} or None, default="standard"
        How sequences are scaled before the network sees them. ``"standard"``
        (zero mean, unit variance) and ``"minmax"`` (to [0, 1]) scale each
        feature with statistics of all time steps of all training sequences,
        and ``inverse_transform`` undoes them. ``"per_series"`` z-normalizes
        each sequence over its own time steps, feature by feature, so that the
        features describe shape only; ``inverse_transform`` then returns
        z-normalized sequences, since a bottleneck vector no longer knows the
        level and amplitude of its sequence. ``None`` for no scaling.

    epochs : int, default=50
        Passes over the training data.

    batch_size : int, default=32
        Sequences per gradient step.

    learning_rate : float, default=1e-3
        Step size of the Adam optimizer.

    clipnorm : float or None, default=1.0
        Largest norm of each weight's gradient, which keeps a bad batch from
        throwing training off; ``None`` for no clipping.

    validation_fraction : float or None, default=None
        Fraction of the training sequences held out, chosen at random, to
        report ``history_["val_loss"]`` after each epoch and to stop early on.
        Ignored when ``fit`` is given ``X_val``, and by ``partial_fit``.

    early_stopping : bool, default=False
        Stop training once the loss has not improved by more than ``tol`` for
        ``n_iter_no_change`` epochs, and keep the weights of the best epoch.
        The loss watched is the validation loss if there is validation data
        (``validation_fraction`` or ``X_val``), else the training loss.
        Ignored by ``partial_fit``.

    n_iter_no_change : int, default=10
        Epochs without improvement before early stopping; half as many before
        ``reduce_lr_on_plateau`` halves the learning rate.

    tol : float, default=1e-4
        Smallest decrease of the watched loss (mean squared error of the scaled
        sequences) that counts as an improvement.

    reduce_lr_on_plateau : bool, default=False
        Halve the learning rate each time the watched loss has not improved for
        ``max(1, n_iter_no_change // 2)`` epochs. ``history_["learning_rate"]``
        then records it. Ignored by ``partial_fit``.

    callbacks : list of keras.callbacks.Callback or None, default=None
        Keras callbacks to call during training. Each fit trains with deep
        copies, left in ``callbacks_``, so the parameter itself never changes:
        clones, pickles and grid searches get the callbacks as given.

    warm_start : bool, default=False
        If True, ``fit`` on a fitted transformer trains the same network on for
        ``epochs`` more epochs, keeping its scaler, optimizer state and
        ``history_``, instead of starting from new weights.

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
        reconstruction error of the scaled data, ``history_["val_loss"]`` the
        same on the validation data. Warm starts and ``partial_fit`` extend it.

    n_epochs_ : int
        Number of epochs run, over all warm starts and ``partial_fit`` calls.

    best_epoch_ : int or None
        With early stopping, the epoch (counted from 1) whose weights the
        network holds; None otherwise.

    callbacks_ : list of keras.callbacks.Callback
        The copies of ``callbacks`` used by the last training call, with the
        state they gathered. They are not pickled.

    scaler_ : StandardScaler, MinMaxScaler, PerSeriesScaler or None
        The fitted scaler of the ``scaling`` chosen.

    sequence_shape_ : tuple
        ``(n_timesteps, n_features)`` of the training sequences; ``n_timesteps``
        is None if their lengths differ.

    input_layout_ : {"2d", "3d", "list of 1d", "list of 2d"}
        The layout of ``X`` in ``fit``, in which ``inverse_transform`` returns
        sequences.

    n_features_in_ : int
        Number of columns of ``X`` seen during fit, as scikit-learn counts them:
        the number of time steps of the longest sequence. After a fit on a
        2-D ``X``, later 2-D input must have as many columns, as for any
        scikit-learn estimator (pad shorter sequences with NaN); 3-D arrays and
        lists may hold sequences of any length.

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
    n_features)`` as in Keras. Sequences of different lengths come as such an
    array padded with trailing NaN (tslearn's convention) or as a list of
    arrays. The encoder reads each sequence up to its own end, so padding
    changes neither its bottleneck vector nor the loss, and batches group
    sequences of similar length so that short ones do not pay for long ones.

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
        "bidirectional": ["boolean"],
        "bottleneck_state": [StrOptions(set(BOTTLENECK_STATES))],
        "reverse_target": ["boolean"],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "recurrent_dropout": [Interval(Real, 0, 1, closed="left")],
        "scaling": [StrOptions(set(SCALINGS)), None],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "clipnorm": [Interval(Real, 0, None, closed="neither"), None],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither"), None],
        "early_stopping": ["boolean"],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "reduce_lr_on_plateau": ["boolean"],
        "callbacks": [list, tuple, None],
        "warm_start": ["boolean"],
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
        bidirectional=False,
        bottleneck_state="hidden",
        reverse_target=False,
        dropout=0.0,
        recurrent_dropout=0.0,
        scaling="standard",
        epochs=50,
        batch_size=32,
        learning_rate=1e-3,
        clipnorm=1.0,
        validation_fraction=None,
        early_stopping=False,
        n_iter_no_change=10,
        tol=1e-4,
        reduce_lr_on_plateau=False,
        callbacks=None,
        warm_start=False,
        random_state=None,
        verbose=0,
    ):
        self.latent_dim = latent_dim
        self.encoder_units = encoder_units
        self.decoder_units = decoder_units
        self.activation = activation
        self.bidirectional = bidirectional
        self.bottleneck_state = bottleneck_state
        self.reverse_target = reverse_target
        self.dropout = dropout
        self.recurrent_dropout = recurrent_dropout
        self.scaling = scaling
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.clipnorm = clipnorm
        self.validation_fraction = validation_fraction
        self.early_stopping = early_stopping
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.reduce_lr_on_plateau = reduce_lr_on_plateau
        self.callbacks = callbacks
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=True)
    @quiet_tensorflow()
    def fit(self, X, y=None, *, X_val=None):
        """Train the autoencoder to reconstruct the sequences in ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features), or list of array-like
            Training sequences: univariate if 2-D. Sequences of different
            lengths come as an array padded with trailing NaN, or as a list of
            arrays ``(T_i,)`` or ``(T_i, n_features)``.

        y : None
            Ignored; present for API consistency.

        X_val : array-like or list of array-like, default=None
            Validation sequences with as many features per step as ``X``, in
            any layout ``X`` may have, for ``history_["val_loss"]`` and early
            stopping; overrides ``validation_fraction``.

        Returns
        -------
        self : object
            The fitted transformer.

        Raises
        ------
        TrainingDivergedError
            If the training loss became NaN or infinite. A new network is then
            discarded and the transformer left unfitted; a warm-started one is
            put back as it was before the call.
        """
        continuing = self.warm_start and self.__sklearn_is_fitted__()
        sequences, lengths, layout = self._validate_sequences(X, reset=not continuing)
        validation = None
        if X_val is not None:
            validation = self._read_validation_sequences(X_val, sequences.shape[2])
        elif self.validation_fraction is not None:
            (sequences, lengths), validation = self._hold_out(sequences, lengths)
        self._train(
            sequences,
            lengths,
            continuing=continuing,
            epochs=self.epochs,
            validation=validation,
            early_stopping=self.early_stopping,
            reduce_lr_on_plateau=self.reduce_lr_on_plateau,
        )
        self.input_layout_ = layout
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    @quiet_tensorflow()
    def partial_fit(self, X, y=None):
        """Train the autoencoder for one epoch on ``X``, continuing any training.

        Call it once per chunk of a dataset too large for memory, and as many
        times over the chunks as epochs are wanted. The first call builds the
        network and fits the scaler on its chunk, which should therefore be
        representative of the data (or pass ``scaling="per_series"`` or
        ``None``). Validation and early stopping apply to ``fit`` only.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features), or list of array-like
            A chunk of training sequences, in any layout ``fit`` accepts, with
            as many features per step as the earlier chunks.

        y : None
            Ignored; present for API consistency.

        Returns
        -------
        self : object
            The transformer, trained on one more epoch.

        Raises
        ------
        TrainingDivergedError
            If the loss became NaN or infinite; the network is then put back
            as it was before the call.
        """
        continuing = self.__sklearn_is_fitted__()
        sequences, lengths, layout = self._validate_sequences(X, reset=not continuing)
        self._train(
            sequences,
            lengths,
            continuing=continuing,
            epochs=1,
            validation=None,
            early_stopping=False,
            reduce_lr_on_plateau=False,
        )
        self.input_layout_ = layout
        return self

    @quiet_tensorflow()
    def transform(self, X):
        """Encode each sequence as its bottleneck vector.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features), or list of array-like
            Sequences with as many features per step as the training ones, of
            any lengths: an array padded with trailing NaN, or a list of arrays
            ``(T_i,)`` or ``(T_i, n_features)``.

        Returns
        -------
        X_new : ndarray of shape (n_samples, latent_dim)
            The bottleneck vectors, of the float dtype of ``X``.
        """
        sequences, lengths, _ = self._validate_sequences(X, reset=False)
        latent = predict_batches(
            self.encoder_,
            lengths,
            sequences=self._network_input(self.scaler_, sequences),
            batch_size=_PREDICT_BATCH_SIZE,
        )
        return latent.astype(sequences.dtype, copy=False)

    @quiet_tensorflow()
    def inverse_transform(self, X, *, lengths=None):
        """Decode bottleneck vectors into sequences, in the units of the input.

        Parameters
        ----------
        X : array-like of shape (n_samples, latent_dim)
            Bottleneck vectors, as returned by ``transform``.

        lengths : int or array-like of int of shape (n_samples,), default=None
            Number of steps to decode for each vector. By default, the length
            of the training sequences, if they all had the same; required
            otherwise.

        Returns
        -------
        X_original : ndarray or list of ndarray
            Decoded sequences in the layout ``fit`` was given: a 2-D array
            ``(n_samples, n_timesteps)`` of univariate sequences, a 3-D array
            ``(n_samples, n_timesteps, n_features)`` (both padded with NaN
            after each sequence's end if the lengths differ), or a list of
            arrays ``(T_i,)`` or ``(T_i, n_features)``. Of the float dtype of
            ``X``; z-normalized if ``scaling="per_series"``.
        """
        check_is_fitted(self)
        latent = check_array(X, dtype=[np.float64, np.float32])
        latent_dim = self._n_features_out
        if latent.shape[1] != latent_dim:
            raise ValueError(
                f"X has {latent.shape[1]} features, but inverse_transform expects "
                f"bottleneck vectors of latent_dim={latent_dim} features."
            )
        lengths = self._decoding_lengths(lengths, len(latent))
        decoded = predict_batches(
            self.decoder_,
            lengths,
            latent=latent.astype(np.float32),
            batch_size=_PREDICT_BATCH_SIZE,
        )
        decoded = self._decoder_order(decoded, lengths, reverse=self._decoder_reversed)
        sequences = unscale(self.scaler_, decoded.astype(latent.dtype, copy=False))
        return unpad(sequences, lengths, self.input_layout_)

    @quiet_tensorflow()
    def score_samples(self, X):
        """Negative mean squared reconstruction error of each sequence.

        The error is measured in the units of ``X``, over the real time steps
        and all features of each sequence, padding excluded; higher is better,
        as for other scikit-learn scores.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features), or list of array-like
            Sequences with as many features per step as the training ones, of
            any lengths: an array padded with trailing NaN, or a list of arrays
            ``(T_i,)`` or ``(T_i, n_features)``.

        Returns
        -------
        scores : ndarray of shape (n_samples,)
            Minus each sequence's mean squared reconstruction error.
        """
        sequences, lengths, _ = self._validate_sequences(X, reset=False)
        reconstructed = predict_batches(
            self.autoencoder_,
            lengths,
            sequences=self._network_input(self.scaler_, sequences),
            batch_size=_PREDICT_BATCH_SIZE,
        )
        reconstructed = unscale(
            self.scaler_,
            self._decoder_order(
                reconstructed, lengths, reverse=self._decoder_reversed
            ).astype(sequences.dtype),
            like=sequences,
        )
        # Padding is NaN in the sequences, so it drops out of the mean.
        return -np.nanmean((reconstructed - sequences) ** 2, axis=(1, 2))

    def score(self, X, y=None):
        """Negative mean squared reconstruction error, averaged over sequences.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features), or list of array-like
            Sequences with as many features per step as the training ones, of
            any lengths: an array padded with trailing NaN, or a list of arrays
            ``(T_i,)`` or ``(T_i, n_features)``.

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

    def _train(
        self,
        sequences,
        lengths,
        *,
        continuing,
        epochs,
        validation,
        early_stopping,
        reduce_lr_on_plateau,
    ):
        """Train a new network, or the fitted one on, and set fitted attributes.

        ``sequences`` are padded with NaN, ``validation`` is None or a pair
        ``(sequences, lengths)`` alike. Attributes change only once training
        has succeeded, so that a diverged run leaves no half-trained
        transformer behind.
        """
        random_state = check_random_state(self.random_state)
        network_seed, shuffle_seed = random_state.randint(_MAX_SEED, size=2)
        n_features = sequences.shape[2]
        # Which order the decoder outputs is part of the fitted model, read
        # from there by the predicting methods: set_params cannot confuse them.
        reverse = self._decoder_reversed if continuing else self.reverse_target
        if continuing:
            self._check_network_unchanged()
            scaler, history, epochs_before = self.scaler_, self.history_, self.n_epochs_
            network_arguments = self._network_arguments
            networks = self.autoencoder_, self.encoder_, self.decoder_
            # Moments and step count carry on; the step size is the current one.
            networks[0].optimizer.learning_rate = self.learning_rate
        else:
            scaler, history, epochs_before = fit_scaler(sequences, self.scaling), {}, 0
            network_arguments = self._network_arguments_for(
                n_features, seed=int(network_seed)
            )
            networks = build_lstm_autoencoder(**network_arguments)
            compile_network(
                networks[0],
                adam(learning_rate=self.learning_rate, clipnorm=self.clipnorm),
            )
        inputs = self._network_input(scaler, sequences)
        validation_data = None
        if validation is not None:
            validation_inputs = self._network_input(scaler, validation[0])
            validation_data = (
                validation_inputs,
                self._decoder_order(validation_inputs, validation[1], reverse=reverse),
                validation[1],
            )
        callbacks = copy.deepcopy(list(self.callbacks or []))
        try:
            new_history, best_epoch = train_network(
                networks[0],
                inputs,
                self._decoder_order(inputs, lengths, reverse=reverse),
                lengths,
                epochs=epochs,
                batch_size=self.batch_size,
                seed=int(shuffle_seed),
                initial_epoch=epochs_before,
                validation_data=validation_data,
                early_stopping=early_stopping,
                n_iter_no_change=self.n_iter_no_change,
                tol=self.tol,
                reduce_lr_on_plateau=reduce_lr_on_plateau,
                callbacks=callbacks,
                verbose=min(int(self.verbose), 2),
            )
        except TrainingDivergedError:
            if not continuing:
                # Validation has already reset n_features_in_: a failed refit
                # must not leave an earlier network behind as if it matched.
                for name in [name for name in vars(self) if name.endswith("_")]:
                    delattr(self, name)
            raise

        common_length = lengths[0] if (lengths == lengths[0]).all() else None
        if continuing and common_length != self.sequence_shape_[0]:
            common_length = None
        self.autoencoder_, self.encoder_, self.decoder_ = networks
        self._network_arguments = network_arguments
        self._decoder_reversed = reverse
        self.history_ = _concatenate_histories(history, new_history, epochs_before)
        self.n_epochs_ = epochs_before + len(new_history["loss"])
        self.best_epoch_ = best_epoch
        self.callbacks_ = callbacks
        self.scaler_ = scaler
        self.sequence_shape_ = (
            None if common_length is None else int(common_length),
            n_features,
        )

    def _network_arguments_for(self, n_features, *, seed):
        """Keyword arguments of ``build_lstm_autoencoder`` for the parameters."""
        return {
            # Networks take sequences of any length.
            "n_timesteps": None,
            "n_features": n_features,
            "latent_dim": self.latent_dim,
            "encoder_units": self.encoder_units,
            "decoder_units": self.decoder_units,
            "activation": self.activation,
            "bidirectional": self.bidirectional,
            "bottleneck_state": self.bottleneck_state,
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": seed,
        }

    def _check_network_unchanged(self):
        """Raise a ValueError if the parameters no longer describe the network."""
        built = self._network_arguments
        wanted = self._network_arguments_for(built["n_features"], seed=built["seed"])
        changed = [
            f"{name} from {built[name]!r} to {wanted[name]!r}"
            for name in wanted
            if wanted[name] != built[name]
        ]
        if self.reverse_target != self._decoder_reversed:
            changed.append(
                f"reverse_target from {self._decoder_reversed!r} to "
                f"{self.reverse_target!r}"
            )
        if changed:
            raise ValueError(
                "warm_start=True trains the fitted network on, but "
                f"{', '.join(changed)} since it was built. Set warm_start=False "
                "to train a new network."
            )

    def _hold_out(self, sequences, lengths):
        """Split sequences at random into training and validation sets.

        Returns ``(sequences, lengths)`` pairs: for training, for validation.
        """
        n_samples = len(sequences)
        n_validation = round(self.validation_fraction * n_samples)
        if not 0 < n_validation < n_samples:
            raise ValueError(
                f"validation_fraction={self.validation_fraction} of {n_samples} "
                f"sequences leaves {n_validation} for validation and "
                f"{n_samples - n_validation} for training; both need at least one."
            )
        # A seed of its own, so that holding out changes no other random choice.
        order = check_random_state(self.random_state).permutation(n_samples)
        training, validation = order[n_validation:], order[:n_validation]
        return (
            (sequences[training], lengths[training]),
            (sequences[validation], lengths[validation]),
        )

    def _read_validation_sequences(self, X_val, n_features):
        """Check ``X_val``; return its padded sequences and their lengths."""
        sequences, lengths, _ = _read_sequences(X_val, name="X_val")
        if sequences.shape[2] != n_features:
            raise ValueError(
                f"X_val holds sequences of {sequences.shape[2]} feature(s) per "
                f"step, but X holds sequences of {n_features}; they must match."
            )
        return sequences, lengths

    def _validate_sequences(self, X, *, reset):
        """Check ``X``; return its padded sequences, their lengths and layout.

        With ``reset``, set ``n_features_in_`` (the longest sequence's length,
        the number of columns scikit-learn sees in a 2-D ``X``) and
        ``feature_names_in_``; otherwise check ``X`` against the fitted ones.
        """
        if not reset:
            check_is_fitted(self)
        ragged = is_ragged(X)
        ndim = None if ragged else len(check_sequence_ndim(X))
        # A 2-D X is a scikit-learn feature matrix: after a 2-D fit, its
        # columns are checked as scikit-learn does, names and number. Other
        # layouts take sequences of any length.
        # _read_sequences converts and checks the values; validate_data only
        # keeps scikit-learn's bookkeeping of columns and their names.
        if not ragged and (reset or (self.input_layout_ == "2d" and ndim == 2)):
            validate_data(self, X, reset=reset, skip_check_array=True)
        else:
            _check_feature_names(self, X, reset=reset)
        sequences, lengths, layout = _read_sequences(X)
        if reset:
            self.n_features_in_ = sequences.shape[1]
        if not reset and sequences.shape[2] != self.sequence_shape_[1]:
            raise ValueError(
                f"X holds sequences of {sequences.shape[2]} feature(s) per step, "
                f"but {type(self).__name__} was fitted on sequences of "
                f"{self.sequence_shape_[1]} feature(s)."
            )
        return sequences, lengths, layout

    def _decoding_lengths(self, lengths, n_samples):
        """The length of each sequence ``inverse_transform`` decodes."""
        if lengths is None:
            common_length = self.sequence_shape_[0]
            if common_length is None:
                raise ValueError(
                    "The transformer was fitted on sequences of different lengths: "
                    "pass inverse_transform the lengths to decode, for example "
                    "lengths=[30, 42, ...] or lengths=50."
                )
            return np.full(n_samples, common_length)
        lengths = np.broadcast_to(np.asarray(lengths), (n_samples,))
        if lengths.dtype.kind not in "iu" or (lengths < 1).any():
            raise ValueError(
                f"lengths must be positive integers, one per vector of X or one "
                f"for all; got {lengths!r}."
            )
        return lengths

    @staticmethod
    def _decoder_order(sequences, lengths, *, reverse):
        """Sequences in the decoder's order, or back: reversed if ``reverse``."""
        return reverse_each(sequences, lengths) if reverse else sequences

    @staticmethod
    def _network_input(scaler, sequences):
        # Keras computes in float32 whatever the input; convert once, here.
        # Padding is masked, but NaN would still poison the arithmetic.
        scaled = scale(scaler, sequences).astype(np.float32, copy=False)
        return np.nan_to_num(scaled, nan=0.0)


# How sequences in arrays are checked: 2-D or 3-D, float, padding NaN allowed.
_ARRAY_CHECKS = {
    "dtype": [np.float64, np.float32],
    "allow_nd": True,
    "ensure_all_finite": "allow-nan",
}


def _read_sequences(X, *, name="X"):
    """Any accepted layout to padded 3-D float sequences, lengths and layout."""
    if is_ragged(X):
        sequences, layout = pad_ragged(X, name=name)
    else:
        check_sequence_ndim(X, name=name)
        X = check_array(X, input_name=name, **_ARRAY_CHECKS)
        if X.ndim == 3 and 0 in X.shape[1:]:
            raise ValueError(
                f"Expected sequences of at least one time step and one feature; "
                f"got {name} of shape {X.shape}."
            )
        sequences, layout = to_3d(X), "2d" if X.ndim == 2 else "3d"
    if np.isinf(sequences).any():
        raise ValueError(f"Input {name} contains infinity.")
    return sequences, sequence_lengths(sequences, name=name), layout


def _concatenate_histories(history, new_history, n_epochs_before):
    """Append one training call's history to the earlier ones, epoch by epoch.

    A metric missing from either side (validation in one call only) is NaN for
    those epochs, so that every list has one value per epoch.
    """
    n_epochs_new = len(new_history["loss"])
    return {
        name: history.get(name, [np.nan] * n_epochs_before)
        + new_history.get(name, [np.nan] * n_epochs_new)
        for name in {**history, **new_history}
    }
