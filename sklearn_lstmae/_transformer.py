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
from sklearn.utils._available_if import available_if
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import (
    _check_feature_names,
    check_array,
    check_is_fitted,
    validate_data,
)

from ._network import BOTTLENECK_STATES, build_lstm_autoencoder
from ._objectives import OBJECTIVES, OUTPUTS, split_for_objective
from ._patches import auto_patch_size
from ._persistence import restore_networks, strip_networks
from ._quiet import quiet_tensorflow
from ._scaling import SCALINGS, fit_scaler, scale, unscale
from ._sequences import (
    check_sequence_ndim,
    is_ragged,
    pad_ragged,
    reverse_each,
    sequence_lengths,
    step_mask,
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


def _has_decoder_for(output):
    """An ``available_if`` check: does the objective train this decoder?"""

    def check(transformer):
        objective = (
            transformer._network_arguments["objective"]
            if transformer.__sklearn_is_fitted__()
            else transformer.objective
        )
        if output not in OUTPUTS[objective]:
            raise AttributeError(
                f"objective={objective!r} trains no {output} decoder; "
                f"{output} needs objective='composite' or "
                f"{'reconstruct' if output == 'reconstruction' else 'predict'!r}."
            )
        return True

    return check


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
    latent_dim : int, default=16
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

    bidirectional : bool, default=True
        Whether each encoder layer reads the sequences both ways (a
        ``Bidirectional`` LSTM); the bottleneck then sees the final states of
        both directions. Padding is masked in both. The default since it
        gave the best features per second of training on five real datasets
        (``benchmarks/bench_quality.py``); False is the tutorial's encoder.

    bottleneck_state : {"hidden", "hidden_and_cell"}, default="hidden"
        What the bottleneck projects to ``latent_dim``: the last encoder
        layer's final hidden state, or its final hidden and cell states
        together (some papers embed with the cell state).

    patch_size : int or "auto", default="auto"
        Time steps the LSTMs read, and the decoders write, as one step: ``k``
        consecutive steps side by side, ``k * n_features`` values. Long
        sequences then cost ``k`` times fewer sequential steps, and the
        encoder carries their start across fewer of them; nothing is lost,
        since a patch holds its steps whole, and a last partial patch counts
        only its real steps in the loss. ``"auto"`` reads a training sequence
        of median length in about 32 patches (the median length over 32,
        rounded), and sequences of median length under 48 steps step by
        step. 1 reads every sequence step by step, as the tutorial does. All
        methods take and return time steps.

    objective : {"reconstruct", "predict", "composite"}, default="reconstruct"
        What the network learns to output from the bottleneck vector, after
        Srivastava et al.: ``"reconstruct"`` the sequence it read;
        ``"predict"`` the steps that follow (see ``horizon``); or
        ``"composite"`` both, with two decoders on one encoder and the loss
        weighted by ``prediction_weight``. ``transform`` always reads the
        whole sequence.

    horizon : int or None, default=None
        What the prediction decoder predicts, for ``"predict"`` and
        ``"composite"``. With None, the tutorial's framing: the encoder reads
        all ``T`` steps of a sequence and the decoder outputs steps 2 to
        ``T``, the input shifted one step ahead. With an int ``h``, the
        paper's future predictor: the encoder reads the first ``T - h`` steps
        and the decoder outputs the last ``h`` (the reconstruction decoder of
        a composite model recreates the first ``T - h``). Sequences must be
        longer than ``h`` steps, or than 1 step with None.

    prediction_weight : float, default=0.5
        Weight of the prediction error in the composite model's loss; the
        reconstruction error weighs ``1 - prediction_weight``.

    reverse_target : bool, default=False
        Train the reconstruction decoder to output each sequence in reverse
        order, as Srivastava et al. do: its first step is then the encoder's
        last one, a short path for the gradient. ``inverse_transform`` and
        ``score_samples`` turn the output back into the original order.

    conditional_decoder : bool, default=False
        Whether the decoders also read their previous output step besides
        the bottleneck vector: the true previous step while training (teacher
        forcing), their own previous output in ``inverse_transform``,
        ``forecast`` and ``score_samples``. The first step reads zeros.

    dropout : float, default=0.0
        Fraction of each LSTM's inputs dropped during training; conditioned
        decoders drop none.

    recurrent_dropout : float, default=0.0
        Fraction of each LSTM's recurrent state dropped during training;
        conditioned decoders drop none.

    scaling : {"standard", "minmax", "per_series"} or None, default="standard"
        How sequences are scaled before the network sees them. ``"standard"``
        (zero mean, unit variance) and ``"minmax"`` (to [0, 1]) scale each
        feature with statistics of all time steps of all training sequences,
        and ``inverse_transform`` undoes them. ``"per_series"`` z-normalizes
        each sequence over its own time steps, feature by feature, so that the
        features describe shape only; ``inverse_transform`` then returns
        z-normalized sequences, since a bottleneck vector no longer knows the
        level and amplitude of its sequence. ``None`` for no scaling.

    epochs : int, default=200
        Passes over the training data. The default suits datasets of tens to
        hundreds of sequences; on larger ones, fewer epochs (or
        ``early_stopping``) give as many gradient steps.

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
        The trained network, sequences to the outputs of its decoders.

    encoder_ : keras.Model
        Its encoder, sequences to bottleneck vectors.

    decoder_ : keras.Model or None
        Its reconstruction decoder, bottleneck vectors to sequences; None if
        ``objective="predict"``.

    prediction_decoder_ : keras.Model or None
        Its prediction decoder, bottleneck vectors to the steps that follow
        their sequences; None if ``objective="reconstruct"``.

    history_ : dict of str to list of float
        Per-epoch training metrics; ``history_["loss"]`` is the mean squared
        error of the scaled data (for the composite model, the weighted sum
        of ``"reconstruction_loss"`` and ``"prediction_loss"``, which it
        records too), ``history_["val_loss"]`` the same on the validation
        data. Warm starts and ``partial_fit`` extend it.

    n_epochs_ : int
        Number of epochs run, over all warm starts and ``partial_fit`` calls.

    best_epoch_ : int or None
        With early stopping, the epoch (counted from 1) whose weights the
        network holds; None otherwise.

    patch_size_ : int
        The patch size the network reads: ``patch_size``, or what ``"auto"``
        chose from the training sequences.

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
    a decoder LSTM with a time-distributed dense output. The paper's future
    predictor and composite model are ``objective="predict"`` and
    ``"composite"``; its conditioned decoders ``conditional_decoder=True``.

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
        "patch_size": [
            Interval(Integral, 1, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "objective": [StrOptions(set(OBJECTIVES))],
        "horizon": [Interval(Integral, 1, None, closed="left"), None],
        "prediction_weight": [Interval(Real, 0, 1, closed="neither")],
        "reverse_target": ["boolean"],
        "conditional_decoder": ["boolean"],
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
        latent_dim=16,
        *,
        encoder_units=64,
        decoder_units=64,
        activation="tanh",
        bidirectional=True,
        bottleneck_state="hidden",
        patch_size="auto",
        objective="reconstruct",
        horizon=None,
        prediction_weight=0.5,
        reverse_target=False,
        conditional_decoder=False,
        dropout=0.0,
        recurrent_dropout=0.0,
        scaling="standard",
        epochs=200,
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
        self.patch_size = patch_size
        self.objective = objective
        self.horizon = horizon
        self.prediction_weight = prediction_weight
        self.reverse_target = reverse_target
        self.conditional_decoder = conditional_decoder
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
        """Train the autoencoder on the sequences in ``X``, to its ``objective``.

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
        latent = self._encode(sequences, lengths)
        return latent.astype(sequences.dtype, copy=False)

    @available_if(_has_decoder_for("reconstruction"))
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
        decoded = self._predict(
            self.decoder_, lengths, latent=latent.astype(np.float32)
        )
        decoded = self._decoder_order(
            decoded, lengths, reverse=self._targets["reverse_target"]
        )
        sequences = unscale(self.scaler_, decoded.astype(latent.dtype, copy=False))
        return unpad(sequences, lengths, self.input_layout_)

    @available_if(_has_decoder_for("prediction"))
    @quiet_tensorflow()
    def forecast(self, X):
        """Predict the steps that follow each sequence, with the prediction decoder.

        Available if ``objective`` is ``"predict"`` or ``"composite"``. The
        encoder reads each whole sequence, and the prediction decoder outputs
        what it was trained to: the ``horizon`` steps after the sequence's
        end; or, with ``horizon=None``, the sequence shifted one step ahead,
        steps 2 to ``T + 1`` of a sequence of ``T`` steps, whose last step is
        the one after the end.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features), or list of array-like
            Sequences with as many features per step as the training ones, of
            any lengths: an array padded with trailing NaN, or a list of arrays
            ``(T_i,)`` or ``(T_i, n_features)``.

        Returns
        -------
        X_next : ndarray or list of ndarray
            The predicted steps, in the units and the layout of ``X``: a 2-D
            array ``(n_samples, n_steps)`` for univariate sequences in a 2-D
            array, a 3-D array ``(n_samples, n_steps, n_features)`` (padded
            with NaN after each end if lengths differ), or a list of arrays
            ``(n_steps_i,)`` or ``(n_steps_i, n_features)``.

        Examples
        --------
        >>> import numpy as np
        >>> from sklearn_lstmae import LSTMAutoencoderTransformer
        >>> X = np.sin(np.linspace(0, 3, 12) + np.arange(20)[:, None])
        >>> model = LSTMAutoencoderTransformer(
        ...     objective="predict", horizon=3, epochs=2, random_state=0
        ... ).fit(X)
        >>> model.forecast(X).shape
        (20, 3)
        """
        sequences, lengths, layout = self._validate_sequences(X, reset=False)
        latent = self._encode(sequences, lengths)
        horizon = self._targets["horizon"]
        n_steps = lengths if horizon is None else np.full_like(lengths, horizon)
        predicted = self._predict(self.prediction_decoder_, n_steps, latent=latent)
        predicted = unscale(
            self.scaler_, predicted.astype(sequences.dtype), like=sequences
        )
        return unpad(predicted, n_steps, layout)

    @quiet_tensorflow()
    def score_samples(self, X):
        """Negative mean squared error of each sequence at the training objective.

        The error is that of the decoders' outputs, decoded from the
        bottleneck vector as in ``inverse_transform`` and ``forecast``: of the
        reconstruction, of the prediction, or the composite model's weighted
        sum of both (see ``objective`` and ``horizon``). It is measured in the
        units of ``X``, over the real time steps and all features of each
        sequence, padding excluded; higher is better, as for other
        scikit-learn scores.

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
            Minus each sequence's mean squared error.
        """
        sequences, lengths, _ = self._validate_sequences(X, reset=False)
        split = split_for_objective(
            sequences,
            lengths,
            objective=self._network_arguments["objective"],
            horizon=self._targets["horizon"],
        )
        latent = self._encode(sequences, split.encoder_lengths)
        errors = np.zeros(len(sequences), sequences.dtype)
        objective = self._network_arguments["objective"]
        for name, weight in self._loss_weights(objective, self._targets).items():
            targets, target_lengths = split.targets[name]
            reconstructing = name == "reconstruction"
            decoded = self._predict(
                self.decoder_ if reconstructing else self.prediction_decoder_,
                target_lengths,
                latent=latent,
            )
            if reconstructing:
                decoded = self._decoder_order(
                    decoded, target_lengths, reverse=self._targets["reverse_target"]
                )
            decoded = unscale(
                self.scaler_, decoded.astype(sequences.dtype), like=sequences
            )
            n_steps = decoded.shape[1]
            real = step_mask(target_lengths, n_steps)[:, :, np.newaxis]
            squared = np.where(real, (decoded - targets[:, :n_steps]) ** 2, np.nan)
            errors += weight * np.nanmean(squared, axis=(1, 2))
        return -errors

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
        if continuing:
            self._check_network_unchanged()
            scaler, history, epochs_before = self.scaler_, self.history_, self.n_epochs_
            patch_size = self.patch_size_
            network_arguments = self._network_arguments
            networks = (
                self.autoencoder_,
                self.encoder_,
                self.decoder_,
                self.prediction_decoder_,
            )
            # Moments and step count carry on; the step size is the current one.
            networks[0].optimizer.learning_rate = self.learning_rate
            targets = self._targets
        else:
            targets = self._target_settings()
            scaler, history, epochs_before = fit_scaler(sequences, self.scaling), {}, 0
            patch_size = (
                auto_patch_size(lengths)
                if self.patch_size == "auto"
                else self.patch_size
            )
            # The network reads and writes patches of time steps.
            network_arguments = self._network_arguments_for(
                n_features * patch_size, seed=int(network_seed)
            )
            networks = build_lstm_autoencoder(**network_arguments)
            compile_network(
                networks[0],
                adam(learning_rate=self.learning_rate, clipnorm=self.clipnorm),
                # Only the composite model weighs several errors.
                loss_weights=(
                    self._loss_weights(self.objective, targets)
                    if self.objective == "composite"
                    else None
                ),
            )
        # What the decoders output is part of the fitted model, read from
        # there by the predicting methods: set_params cannot confuse them.
        objective = network_arguments["objective"]
        training_data = self._training_data(
            scaler, sequences, lengths, objective=objective, targets=targets
        )
        validation_data = None
        if validation is not None:
            validation_data = self._training_data(
                scaler, *validation, objective=objective, targets=targets
            )
        callbacks = copy.deepcopy(list(self.callbacks or []))
        try:
            new_history, best_epoch = train_network(
                networks[0],
                *training_data,
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
                teacher_forcing=network_arguments["conditional_decoder"],
                patch_size=patch_size,
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
        (
            self.autoencoder_,
            self.encoder_,
            self.decoder_,
            self.prediction_decoder_,
        ) = networks
        self._network_arguments = network_arguments
        self._targets = targets
        self.patch_size_ = patch_size
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
        """Keyword arguments of ``build_lstm_autoencoder`` for the parameters.

        ``n_features`` counts the values of one network step: of one patch.
        """
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
            "objective": self.objective,
            "conditional_decoder": self.conditional_decoder,
            "seed": seed,
        }

    def _target_settings(self):
        """The parameters that shape the decoders' targets, for the objective.

        Only those that apply, so that changing another one does not stop a
        warm start.
        """
        outputs = OUTPUTS[self.objective]
        settings = {
            # None of them apply: the methods read it all the same.
            "reverse_target": self.reverse_target and "reconstruction" in outputs,
            "horizon": self.horizon if "prediction" in outputs else None,
        }
        if len(outputs) > 1:
            settings["prediction_weight"] = self.prediction_weight
        return settings

    @staticmethod
    def _loss_weights(objective, targets):
        """Weight of each decoder's error in the loss, by output name."""
        if objective != "composite":
            return {OUTPUTS[objective][0]: 1.0}
        weight = targets["prediction_weight"]
        return {"reconstruction": 1.0 - weight, "prediction": weight}

    def _training_data(self, scaler, sequences, lengths, *, objective, targets):
        """Network input, lengths and decoder targets, for ``train_network``."""
        inputs = self._network_input(scaler, sequences)
        split = split_for_objective(
            inputs, lengths, objective=objective, horizon=targets["horizon"]
        )
        decoder_targets = dict(split.targets)
        if "reconstruction" in decoder_targets:
            values, target_lengths = decoder_targets["reconstruction"]
            decoder_targets["reconstruction"] = (
                self._decoder_order(
                    values, target_lengths, reverse=targets["reverse_target"]
                ),
                target_lengths,
            )
        return inputs, split.encoder_lengths, decoder_targets

    def _check_network_unchanged(self):
        """Raise a ValueError if the parameters no longer describe the network."""
        built = self._network_arguments
        wanted = self._network_arguments_for(built["n_features"], seed=built["seed"])
        changed = [
            f"{name} from {built[name]!r} to {wanted[name]!r}"
            for name in wanted
            if wanted[name] != built[name]
        ]
        wanted = self._target_settings()
        changed.extend(
            f"{name} from {self._targets[name]!r} to {wanted[name]!r}"
            for name in wanted
            if wanted[name] != self._targets.get(name)
        )
        # "auto" keeps the patch size it chose; a number must be the same.
        if self.patch_size not in ("auto", self.patch_size_):
            changed.append(f"patch_size from {self.patch_size_} to {self.patch_size}")
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

    def _encode(self, sequences, lengths):
        """Bottleneck vectors of NaN-padded sequences, each read up to its length."""
        return self._predict(
            self.encoder_,
            lengths,
            sequences=self._network_input(self.scaler_, sequences),
        )

    def _predict(self, network, lengths, **inputs):
        """Run a fitted network on ``lengths`` steps, in batches and patches.

        ``inputs`` are ``predict_batches``'s ``sequences`` or ``latent``.
        """
        return predict_batches(
            network,
            lengths,
            batch_size=_PREDICT_BATCH_SIZE,
            patch_size=self.patch_size_,
            **inputs,
        )

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
