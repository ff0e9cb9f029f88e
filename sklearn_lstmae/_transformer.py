"""The LSTM autoencoder as a scikit-learn transformer."""

import numpy as np
from sklearn.base import ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils.validation import check_array, check_is_fitted

from ._base import BaseLSTMAutoencoder, needs_decoder
from ._compat import fit_context
from ._quiet import quiet_tensorflow
from ._sequences import unpad

__all__ = ["LSTMAutoencoderTransformer"]


class LSTMAutoencoderTransformer(
    ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseLSTMAutoencoder
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

    bottleneck_state : {"hidden", "hidden_and_cell", "mean", "hidden_and_mean"}, \
            default="hidden"
        What the bottleneck projects to ``latent_dim``: the last encoder
        layer's final hidden state; its final hidden and cell states together
        (some papers embed with the cell state); the mean of its outputs over
        each sequence's real steps, which every step reaches by a short path;
        or the final hidden state beside that mean.

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

    input_noise : float, default=0.0
        Standard deviation of Gaussian noise added to the scaled sequences the
        encoder reads during training, while the decoders must still output
        the clean ones (a denoising autoencoder). 0 adds none.

    scaling : {"standard", "minmax", "per_series"} or None, default="standard"
        How sequences are scaled before the network sees them. ``"standard"``
        (zero mean, unit variance) and ``"minmax"`` (to [0, 1]) scale each
        feature with statistics of all time steps of all training sequences,
        and ``inverse_transform`` undoes them. ``"per_series"`` z-normalizes
        each sequence over its own time steps, feature by feature, so that the
        features describe shape only; ``inverse_transform`` then returns
        z-normalized sequences, since a bottleneck vector no longer knows the
        level and amplitude of its sequence. ``None`` for no scaling.

    standardize_features : bool, default=True
        Whether ``transform`` returns each bottleneck dimension standardized
        with the mean and standard deviation of the training sequences'
        vectors, so that an estimator after it (k-means, a linear model)
        weighs every dimension alike, in the spirit of PCA's ``whiten``:
        ``make_pipeline(LSTMAutoencoderTransformer(), KMeans(k))`` needs no
        ``StandardScaler`` between them. ``inverse_transform`` takes such
        vectors. False returns the bottleneck's raw values.

    epochs : int or "auto", default="auto"
        How long to train. ``"auto"`` runs about 2,000 gradient steps of
        ``batch_size`` sequences whatever the number of sequences, so that
        tens of sequences train enough and thousands stop in about a minute;
        on a few dozen sequences, each Keras epoch then holds several passes
        over the data (at least 50 steps), and ``n_epochs_``, ``history_``
        and ``n_iter_no_change`` count those epochs. An int runs that many
        passes over the data (at most, with ``early_stopping``).

    batch_size : int, default=32
        Sequences per gradient step.

    learning_rate : float, default=3e-3
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

    latent_mean_, latent_scale_ : ndarray of shape (latent_dim,) or None
        The mean and standard deviation of the training sequences' bottleneck
        vectors that ``standardize_features`` applies; None without it.

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

    @fit_context(prefer_skip_nested_validation=True)
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
            If the training loss became NaN or infinite. The transformer is
            then left as it was before the call (its network, fitted
            attributes and feature names), as whenever ``fit`` raises.
        """
        return self._fit(X, X_val=X_val)

    @fit_context(prefer_skip_nested_validation=True)
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
        return self._fit(X, partial=True)

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
        values, lengths, _ = self._validate_sequences(X, reset=False)
        return self._features(values, lengths).astype(values.dtype, copy=False)

    @needs_decoder("reconstruction")
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
        decoded = self._decode(
            self._latent(latent), lengths, output="reconstruction", dtype=latent.dtype
        )
        return unpad(decoded, lengths, self.input_layout_)

    @needs_decoder("prediction")
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
        sequences = self._validate_sequences(X, reset=False)
        horizon = self._fit_record.targets.horizon
        lengths = sequences.lengths
        n_steps = lengths if horizon is None else np.full_like(lengths, horizon)
        return self._decoded_from(sequences, "prediction", n_steps)

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
        return self._reconstruction_scores(X)

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

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    @property
    def _n_features_out(self):
        """Number of output features, for ``get_feature_names_out``."""
        return self.encoder_.output_shape[-1]
