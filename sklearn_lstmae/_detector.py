"""The LSTM autoencoder as a scikit-learn outlier detector.

A second face on :class:`~sklearn_lstmae._base.BaseLSTMAutoencoder`: the same
network, training and reconstruction errors as the transformer, read as
anomaly scores. This module knows the base and scikit-learn's mixins, not
Keras.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import OutlierMixin
from sklearn.neighbors import NearestNeighbors

from ._base import BaseLSTMAutoencoder, needs_decoder, unchanged_on_error
from ._compat import Interval, StrOptions, fit_context
from ._quiet import quiet_tensorflow
from ._sequences import unpad

__all__ = ["LSTMAutoencoderOutlierDetector"]

# contamination="auto" puts the threshold at Tukey's "far out" fence of the
# training errors: the third quartile plus this many interquartile ranges.
_FAR_OUT = 3.0

# The scores anomaly_score="both" adds up, each in units of its training
# spread.
_SCORES_OF_BOTH = ("reconstruction", "bottleneck")


class LSTMAutoencoderOutlierDetector(OutlierMixin, BaseLSTMAutoencoder):
    """Detect anomalous sequences by how badly an LSTM autoencoder rebuilds them.

    ``fit`` trains the autoencoder of
    :class:`~sklearn_lstmae.LSTMAutoencoderTransformer` on the training
    sequences, which should be mostly normal. A sequence unlike them is
    rebuilt badly: ``score_samples`` is minus its mean squared error at the
    training objective (higher is more normal), ``score_steps`` the error of
    each of its time steps, which says where it is anomalous, and ``predict``
    labels as outliers (-1) the sequences whose error exceeds a threshold set
    on the training errors by ``contamination``.

    Parameters
    ----------
    latent_dim : int, default=16
        Size of the bottleneck vector.

    contamination : "auto" or float, default="auto"
        Where ``fit`` puts the threshold, ``offset_``, on the training scores.
        A float in (0, 0.5] is the fraction of training sequences labelled
        outliers: ``offset_`` is that percentile of their scores, as in
        :class:`~sklearn.ensemble.IsolationForest`. ``"auto"`` labels a
        sequence an outlier when its error lies beyond Tukey's "far out"
        fence of the training errors, ``Q3 + 3 * (Q3 - Q1)`` with ``Q1`` and
        ``Q3`` their quartiles (see Notes).

    anomaly_score : {"reconstruction", "bottleneck", "both"}, \
default="reconstruction"
        What ``score_samples`` measures. ``"reconstruction"``: minus the mean
        squared error of the sequence's reconstruction (of its prediction,
        for the predicting objectives). ``"bottleneck"``: minus the mean
        Euclidean distance from the sequence's bottleneck vector (standardized,
        as ``transform`` gives it) to its ``n_neighbors`` nearest among the
        training sequences', as ROCKAD scores in its feature space: it finds
        sequences the encoder places apart from every training one, even when
        the decoder rebuilds them well. ``"both"``: the sum of the two, each
        centred on its training median and divided by its training
        interquartile range, so that neither's units dominate.

    n_neighbors : int, default=5
        How many of the training sequences' bottleneck vectors the
        ``"bottleneck"`` score averages the distance to; at most the number
        of training sequences less one.

    encoder_units, decoder_units, activation, bidirectional, bottleneck_state, \
patch_size, objective, horizon, prediction_weight, reverse_target, \
conditional_decoder, dropout, recurrent_dropout, input_noise, scaling, \
standardize_features, epochs, batch_size, learning_rate, clipnorm, \
validation_fraction, early_stopping, n_iter_no_change, tol, \
reduce_lr_on_plateau, callbacks, warm_start, random_state, verbose
        The network and its training, with the meanings and defaults of
        :class:`~sklearn_lstmae.LSTMAutoencoderTransformer`'s parameters.
        ``objective`` sets what the error measures: the reconstruction, the
        prediction of the steps that follow, or both.

    Attributes
    ----------
    offset_ : float
        The threshold on ``score_samples``: ``decision_function`` is
        ``score_samples(X) - offset_``, negative for outliers.

    neighbors_ : NearestNeighbors or None
        The training sequences' bottleneck vectors, which the
        ``"bottleneck"`` score measures distances to; None when fitted on a
        single sequence.

    n_neighbors_ : int
        The number of neighbours the ``"bottleneck"`` score averages over:
        ``n_neighbors``, or the number of training sequences less one if
        smaller.

    autoencoder_, encoder_, decoder_, prediction_decoder_ : keras.Model
        The trained network and its parts, as in the transformer; a decoder
        the objective does not train is None.

    history_ : dict of str to list of float
        Per-epoch training metrics, as in the transformer.

    n_epochs_ : int
        Number of epochs run, over all warm starts.

    best_epoch_ : int or None
        With early stopping, the epoch whose weights the network holds.

    patch_size_ : int
        The patch size the network reads.

    callbacks_ : list of keras.callbacks.Callback
        The copies of ``callbacks`` used by the last fit.

    latent_mean_, latent_scale_ : ndarray of shape (latent_dim,) or None
        Statistics of the training bottleneck vectors, with
        ``standardize_features``; None without it.

    scaler_ : StandardScaler, MinMaxScaler, PerSeriesScaler or None
        The fitted scaler of the ``scaling`` chosen.

    sequence_shape_ : tuple
        ``(n_timesteps, n_features)`` of the training sequences;
        ``n_timesteps`` is None if their lengths differ.

    input_layout_ : {"2d", "3d", "list of 1d", "list of 2d"}
        The layout of ``X`` in ``fit``.

    n_features_in_ : int
        Number of columns of ``X`` seen during fit, as scikit-learn counts
        them: the number of time steps of the longest sequence.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns of a DataFrame ``X``. Defined only when ``X`` has
        string column names.

    See Also
    --------
    LSTMAutoencoderTransformer : The same autoencoder, as bottleneck features.
    sklearn.ensemble.IsolationForest : Outliers among fixed-length vectors.

    Notes
    -----
    Reconstruction errors have no scale of their own: they are in the squared
    units of ``X`` and shrink as training goes on, so no fixed threshold, such
    as IsolationForest's ``offset_ = -0.5``, can mean the same on every
    dataset. A fixed quantile of the training errors would label the same
    fraction of every training set, which is what a float ``contamination``
    is for. ``"auto"`` instead asks how far an error stands out from the
    bulk: the quartiles are not moved by the few outliers among the training
    sequences, and the "far out" fence labels less than 1% of errors drawn
    from a skewed, outlier-free distribution (0.9% of an exponential one),
    and all that stand far above the rest. It may label no training sequence
    at all. The same holds for the ``"bottleneck"`` score's distances and
    for ``"both"``'s sum.

    ``fit`` prepares every ``anomaly_score``: setting another one on a fitted
    detector changes ``score_samples`` without retraining, but ``offset_``
    stays the threshold of the score it was fitted with; fit again before
    ``predict``. The threshold of the ``"bottleneck"`` and ``"both"`` scores
    is set on the training sequences' distances to their nearest others, as
    :class:`~sklearn.neighbors.LocalOutlierFactor` sets it with
    ``novelty=True``, so that it holds for new sequences. Scored again, a
    training sequence is its own nearest neighbour, at distance 0: on the
    training sequences, ``predict`` and ``fit_predict`` label fewer than
    ``contamination`` of them.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae import LSTMAutoencoderOutlierDetector
    >>> X = np.sin(np.linspace(0, 3, 9) + np.arange(20)[:, None])
    >>> detector = LSTMAutoencoderOutlierDetector(
    ...     latent_dim=2, contamination=0.1, epochs=2, random_state=0
    ... )
    >>> labels = detector.fit_predict(X)
    >>> np.unique(labels).tolist(), int((labels == -1).sum())
    ([-1, 1], 2)
    >>> detector.score_steps(X).shape
    (20, 9)
    """

    _parameter_constraints: dict = {
        **BaseLSTMAutoencoder._parameter_constraints,
        "contamination": [
            StrOptions({"auto"}),
            Interval(Real, 0, 0.5, closed="right"),
        ],
        "anomaly_score": [StrOptions({"reconstruction", "bottleneck", "both"})],
        "n_neighbors": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        latent_dim=16,
        *,
        contamination="auto",
        anomaly_score="reconstruction",
        n_neighbors=5,
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
        input_noise=0.0,
        scaling="standard",
        standardize_features=True,
        epochs="auto",
        batch_size=32,
        learning_rate=3e-3,
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
        super().__init__(
            latent_dim,
            encoder_units=encoder_units,
            decoder_units=decoder_units,
            activation=activation,
            bidirectional=bidirectional,
            bottleneck_state=bottleneck_state,
            patch_size=patch_size,
            objective=objective,
            horizon=horizon,
            prediction_weight=prediction_weight,
            reverse_target=reverse_target,
            conditional_decoder=conditional_decoder,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            input_noise=input_noise,
            scaling=scaling,
            standardize_features=standardize_features,
            epochs=epochs,
            batch_size=batch_size,
            learning_rate=learning_rate,
            clipnorm=clipnorm,
            validation_fraction=validation_fraction,
            early_stopping=early_stopping,
            n_iter_no_change=n_iter_no_change,
            tol=tol,
            reduce_lr_on_plateau=reduce_lr_on_plateau,
            callbacks=callbacks,
            warm_start=warm_start,
            random_state=random_state,
            verbose=verbose,
        )
        self.contamination = contamination
        self.anomaly_score = anomaly_score
        self.n_neighbors = n_neighbors

    @fit_context(prefer_skip_nested_validation=True)
    @quiet_tensorflow()
    def fit(self, X, y=None, *, X_val=None):
        """Train the autoencoder on ``X`` and set the threshold on its scores.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features), or list of array-like
            Training sequences, mostly normal: univariate if 2-D. Sequences of
            different lengths come as an array padded with trailing NaN, or
            as a list of arrays ``(T_i,)`` or ``(T_i, n_features)``.

        y : None
            Ignored; present for API consistency.

        X_val : array-like or list of array-like, default=None
            Validation sequences for ``history_["val_loss"]`` and early
            stopping; overrides ``validation_fraction``.

        Returns
        -------
        self : object
            The fitted detector.

        Raises
        ------
        TrainingDivergedError
            If the training loss became NaN or infinite. The detector is then
            left as it was before the call, as whenever ``fit`` raises.
        """
        with unchanged_on_error(self):
            self._fit(X, X_val=X_val)
            # Over all of X, held-out sequences included, as IsolationForest does.
            training_scores = self._fit_scores(self._validate_sequences(X, reset=False))
            self._set_offset(training_scores)
        return self

    def _set_offset(self, training_scores):
        """Set ``offset_`` from the training scores, as ``contamination`` says."""
        if self.anomaly_score == "both":
            scores = self._combined(training_scores)
        else:
            scores = training_scores[self.anomaly_score]
        if self.contamination == "auto":
            # The far-out fence of the errors (or distances), in scores:
            # minus them.
            low, high = np.percentile(scores, [25, 75])
            self.offset_ = float(low - _FAR_OUT * (high - low))
        else:
            self.offset_ = float(np.percentile(scores, 100 * self.contamination))

    def _fit_scores(self, sequences):
        """Fit what every score needs; return the training sequences' scores.

        A dict of score name to scores: the reconstruction's, and the
        bottleneck's but for a single training sequence. Sets ``neighbors_``,
        ``n_neighbors_`` and each score's training median and spread.
        """
        features = self._features(sequences.values, sequences.lengths)
        n_samples = len(features)
        if n_samples < 2 and self.anomaly_score != "reconstruction":
            raise ValueError(
                f"anomaly_score={self.anomaly_score!r} measures distances to the "
                f"other training sequences and needs at least 2 of them; got "
                f"n_samples={n_samples}."
            )
        self.n_neighbors_ = min(self.n_neighbors, n_samples - 1)
        self.neighbors_ = None
        scores = {"reconstruction": self._sequence_scores(sequences)}
        if n_samples > 1:
            self.neighbors_ = NearestNeighbors(n_neighbors=self.n_neighbors_)
            self.neighbors_.fit(features)
            # kneighbors() without X leaves each training sequence out.
            distances, _ = self.neighbors_.kneighbors()
            scores["bottleneck"] = -distances.mean(axis=1)
        self._score_spreads = {
            name: _median_and_spread(values) for name, values in scores.items()
        }
        return scores

    @quiet_tensorflow()
    def score_samples(self, X):
        """The anomaly score of each sequence; higher is more normal.

        By default minus its mean squared error, that of the training
        objective, as the transformer's ``score_samples`` measures it: of the
        reconstruction, of the prediction, or the composite model's weighted
        sum of both, in the units of ``X`` over each sequence's real steps
        and all features. ``anomaly_score`` chooses the distance of its
        bottleneck vector to the training ones instead, or both.

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
            Minus each sequence's mean squared error, minus its bottleneck
            vector's mean distance to its nearest training ones, or the sum of
            both in units of their training spread, as ``anomaly_score``
            says.
        """
        sequences = self._validate_sequences(X, reset=False)
        if self.anomaly_score == "reconstruction":
            return self._sequence_scores(sequences)
        scores = {"bottleneck": self._bottleneck_scores(sequences)}
        if self.anomaly_score == "bottleneck":
            return scores["bottleneck"]
        scores["reconstruction"] = self._sequence_scores(sequences)
        return self._combined(scores)

    def _bottleneck_scores(self, sequences):
        """Minus the mean distance to the nearest training bottleneck vectors."""
        if self.neighbors_ is None:
            raise ValueError(
                f"anomaly_score={self.anomaly_score!r} measures distances to the "
                f"training sequences, and this detector was fitted on one: fit it "
                f"on at least 2, or score by 'reconstruction'."
            )
        features = self._features(sequences.values, sequences.lengths)
        distances, _ = self.neighbors_.kneighbors(features)
        return (-distances.mean(axis=1)).astype(sequences.values.dtype, copy=False)

    def _combined(self, scores):
        """The sum of each score less its training median, over its spread."""
        return sum(
            (scores[name] - self._score_spreads[name][0]) / self._score_spreads[name][1]
            for name in _SCORES_OF_BOTH
        )

    def decision_function(self, X):
        """Each sequence's score less the threshold: negative for outliers.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features), or list of array-like
            Sequences, in any layout ``score_samples`` accepts.

        Returns
        -------
        decision : ndarray of shape (n_samples,)
            ``score_samples(X) - offset_``.
        """
        return self.score_samples(X) - self.offset_

    def predict(self, X):
        """Label each sequence an inlier (1) or an outlier (-1).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features), or list of array-like
            Sequences, in any layout ``score_samples`` accepts.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            -1 where ``decision_function`` is negative, 1 elsewhere.
        """
        return np.where(self.decision_function(X) < 0, -1, 1)

    @needs_decoder("reconstruction")
    @quiet_tensorflow()
    def reconstruct(self, X):
        """Each sequence as the autoencoder rebuilds it: what it expected to see.

        Available unless ``objective="predict"``, which trains no
        reconstruction decoder. Beside ``score_steps``, it shows how an
        anomalous sequence departs from what the detector learned is normal.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features), or list of array-like
            Sequences with as many features per step as the training ones, of
            any lengths: an array padded with trailing NaN, or a list of arrays
            ``(T_i,)`` or ``(T_i, n_features)``.

        Returns
        -------
        X_reconstructed : ndarray or list of ndarray
            The reconstructions, in the units, the layout and the float dtype
            of ``X``, each as long as its sequence.
        """
        sequences = self._validate_sequences(X, reset=False)
        return self._decoded_from(sequences, "reconstruction", sequences.lengths)

    @quiet_tensorflow()
    def score_steps(self, X):
        """Minus the squared error of each time step; higher is more normal.

        Says where in a sequence the anomaly lies. Each step's error is
        averaged over its features, in the units of ``X``, and is that of the
        decoder that outputs the step: the reconstruction decoder's wherever
        the objective has one. So every real step has a score but for
        ``objective="predict"``, whose decoder outputs steps 2 to ``T`` with
        ``horizon=None``, and the last ``horizon`` steps otherwise; the
        composite model with a ``horizon`` scores its last ``horizon`` steps
        by the prediction. Steps without a score are NaN.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_features), or list of array-like
            Sequences with as many features per step as the training ones, of
            any lengths: an array padded with trailing NaN, or a list of arrays
            ``(T_i,)`` or ``(T_i, n_features)``.

        Returns
        -------
        scores : ndarray of shape (n_samples, n_timesteps) or list of ndarray
            For an array ``X``, a 2-D array, NaN after each sequence's end;
            for a list, a list of arrays ``(T_i,)``. Of the float dtype of
            ``X``. For ``objective="reconstruct"`` the mean over each
            sequence's steps is its ``score_samples``.
        """
        sequences = self._validate_sequences(X, reset=False)
        scores = -self._step_errors(sequences)[:, :, np.newaxis]
        is_array = sequences.layout in ("2d", "3d")
        return unpad(scores, sequences.lengths, "2d" if is_array else "list of 1d")


def _median_and_spread(scores):
    """The median of ``scores`` and their interquartile range (1 if none)."""
    low, median, high = np.percentile(scores, [25, 50, 75])
    spread = high - low
    return float(median), float(spread) if spread > 0 else 1.0
