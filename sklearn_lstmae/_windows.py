"""One long series as overlapping windows, and window scores back to its points.

The sensor-stream case: a single long series, of one or several features,
cut into fixed-length windows that an estimator of sequences reads as its
samples, and the scores it gives each window (or each step of each window)
combined back into one score per time point. This module knows NumPy and
scikit-learn's base classes, not Keras and not the estimators.
"""

from numbers import Integral

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from ._compat import Interval, fit_context

__all__ = ["SlidingWindows"]

_REDUCTIONS = ("mean", "max", "min")


class SlidingWindows(TransformerMixin, BaseEstimator):
    """Cut one long series into overlapping windows, for estimators of sequences.

    ``transform`` turns a single series of ``n_timesteps`` steps into the
    windows of ``window`` steps that start every ``stride`` steps, as a 3-D
    array that :class:`~sklearn_lstmae.LSTMAutoencoderOutlierDetector` and
    :class:`~sklearn_lstmae.LSTMAutoencoderTransformer` read as sequences.
    The last window always ends at the series' last step, so that every
    point of the series is in a window when ``stride <= window``.
    ``to_points`` maps what an estimator says of each window back to the
    time points of the series.

    Parameters
    ----------
    window : int
        Number of time steps in each window.

    stride : int, default=1
        Number of time steps between the starts of consecutive windows.
        ``stride > window`` leaves gaps: the points between windows are in
        none, and ``to_points`` gives them NaN.

    Attributes
    ----------
    n_features_in_ : int
        Number of features of the series seen during ``fit``: its number of
        columns, 1 for a 1-D series.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns of a DataFrame ``X``. Defined only when ``X`` has
        string column names.

    n_timesteps_ : int
        Length of the series seen during ``fit``.

    See Also
    --------
    LSTMAutoencoderOutlierDetector : Scores windows, and each of their steps.
    numpy.lib.stride_tricks.sliding_window_view : The windows, as a view.

    Notes
    -----
    The windows start at ``0, stride, 2 * stride, ...`` as long as they fit;
    if the last of them does not end at the series' last step, that is if
    ``(n_timesteps - window) % stride != 0``, one more window starts at
    ``n_timesteps - window``. So a series has
    ``ceil((n_timesteps - window) / stride) + 1`` windows, and its last points
    are never dropped, which matters when they are the ones being monitored.

    ``transform`` returns a copy, not the read-only view of ``X`` that
    :func:`~numpy.lib.stride_tricks.sliding_window_view` makes: the window
    that ends the series cannot be appended to a view, the estimator that
    reads the windows copies them anyway when it scales them, and in a view
    of overlapping windows one write would change several windows and the
    caller's series. The copy holds ``window / stride`` times the values of
    the series.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae import SlidingWindows
    >>> series = np.arange(11.0)
    >>> windows = SlidingWindows(window=4, stride=3).fit_transform(series)
    >>> windows.shape
    (4, 4, 1)
    >>> windows[:, :, 0]
    array([[ 0.,  1.,  2.,  3.],
           [ 3.,  4.,  5.,  6.],
           [ 6.,  7.,  8.,  9.],
           [ 7.,  8.,  9., 10.]])

    The last window starts at 7, not 9, so that it ends at the last step. One
    score per window, back to one per point, as the mean of the windows that
    hold each point:

    >>> sliding = SlidingWindows(window=4, stride=2).fit(np.zeros(8))
    >>> sliding.to_points([0.0, 2.0, 4.0], n_timesteps=8)
    array([0., 0., 1., 1., 3., 3., 4., 4.])

    In a pipeline with the outlier detector, ``score_samples`` and
    ``predict`` are per window; ``to_points`` makes them per point, and
    ``score_steps`` on the windows scores each step of each window:

    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_lstmae import LSTMAutoencoderOutlierDetector
    >>> stream = np.sin(np.arange(200) / 5.0)[:, np.newaxis]  # one sensor
    >>> detector = LSTMAutoencoderOutlierDetector(
    ...     latent_dim=2, encoder_units=8, decoder_units=8, epochs=2, random_state=0
    ... )
    >>> pipeline = make_pipeline(SlidingWindows(window=20, stride=5), detector)
    >>> window_scores = pipeline.fit(stream).score_samples(stream)
    >>> window_scores.shape
    (37,)
    >>> sliding = pipeline[0]
    >>> sliding.to_points(window_scores, len(stream)).shape
    (200,)
    >>> step_scores = detector.score_steps(sliding.transform(stream))
    >>> step_scores.shape
    (37, 20)
    >>> sliding.to_points(step_scores, len(stream), reduce="min").shape
    (200,)
    """

    _parameter_constraints: dict = {
        "window": [Interval(Integral, 1, None, closed="left")],
        "stride": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, window, *, stride=1):
        self.window = window
        self.stride = stride

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check the series and record its number of features and length.

        Parameters
        ----------
        X : array-like of shape (n_timesteps,) or (n_timesteps, n_features)
            One series: univariate if 1-D; if 2-D, one multivariate series,
            a row per time step and a column per feature (a sensor per
            column), not a batch of sequences.

        y : None
            Ignored; present for API consistency.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        self.n_timesteps_ = len(self._validate_series(X, reset=True))
        return self

    def transform(self, X):
        """Cut a series into its windows.

        Parameters
        ----------
        X : array-like of shape (n_timesteps,) or (n_timesteps, n_features)
            One series with as many features as the one seen in ``fit``, of
            any length of at least ``window`` steps.

        Returns
        -------
        windows : ndarray of shape (n_windows, window, n_features)
            The windows, in time order, as a new array of the float dtype of
            ``X``; ``n_windows`` is ``ceil((n_timesteps - window) / stride) +
            1`` (see Notes).
        """
        check_is_fitted(self)
        series = self._validate_series(X, reset=False)
        starts = _window_starts(len(series), self.window, self.stride)
        # (n_timesteps - window + 1, n_features, window), a read-only view;
        # indexing it by the starts copies the windows wanted, C-ordered.
        every_window = sliding_window_view(series, self.window, axis=0)
        return np.moveaxis(every_window, -1, 1)[starts]

    def to_points(self, window_scores, n_timesteps, *, reduce="mean"):
        """Combine scores of windows into one score per time point.

        Each point gets the scores of the windows that hold it, combined by
        ``reduce``; NaN scores are skipped, as :func:`numpy.nanmean` skips
        them. A point with no score, in no window (``stride > window``) or
        with NaN in every window, gets NaN.

        Parameters
        ----------
        window_scores : array-like of shape (n_windows,) or (n_windows, window)
            One score per window, such as an outlier detector's
            ``score_samples``, or one per step of each window, such as
            ``score_steps``, for the windows ``transform`` made of a series
            of ``n_timesteps`` steps.

        n_timesteps : int
            Length of the series whose windows were scored: the windows of a
            series do not tell its length, which sets where the last starts.

        reduce : {"mean", "max", "min"}, default="mean"
            How to combine the scores of overlapping windows. ``"mean"`` gives
            a smooth score. For scores where higher is more normal, as the
            detector's: ``"min"`` scores a point by the window that found it
            most anomalous, which flags every point that any window flags
            (with one score per window, the whole width of the anomalous
            windows); ``"max"`` scores it by the window that found it most
            normal, so that only the points that all their windows found
            anomalous stand out, which narrows one score per window down to
            where the anomalous windows overlap.

        Returns
        -------
        scores : ndarray of shape (n_timesteps,)
            One score per time point, of the float dtype of ``window_scores``.
        """
        check_is_fitted(self)
        if reduce not in _REDUCTIONS:
            raise ValueError(f"reduce must be one of {_REDUCTIONS}; got {reduce!r}.")
        if not isinstance(n_timesteps, Integral) or n_timesteps < self.window:
            raise ValueError(
                f"Expected n_timesteps to be an integer of at least "
                f"window={self.window}; got {n_timesteps!r}."
            )
        scores = check_array(
            window_scores,
            ensure_2d=False,
            allow_nd=True,
            dtype=(np.float64, np.float32),
            ensure_all_finite="allow-nan",
            ensure_min_samples=0,
            input_name="window_scores",
        )
        starts = _window_starts(n_timesteps, self.window, self.stride)
        n_windows = len(starts)
        if scores.shape not in ((n_windows,), (n_windows, self.window)):
            raise ValueError(
                f"Expected window_scores of shape ({n_windows},), a score per "
                f"window, or ({n_windows}, {self.window}), a score per step, for "
                f"the {n_windows} windows of a series of {n_timesteps} steps "
                f"(window={self.window}, stride={self.stride}); got shape "
                f"{scores.shape}."
            )
        # The time index of each step of each window, and its score.
        time_index = starts[:, np.newaxis] + np.arange(self.window)
        values = np.broadcast_to(scores.reshape(n_windows, -1), time_index.shape)
        scored = ~np.isnan(values)
        combined = _combine(time_index[scored], values[scored], n_timesteps, reduce)
        return combined.astype(scores.dtype, copy=False)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.one_d_array = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def _validate_series(self, X, *, reset):
        """``X`` as a 2-D float array (n_timesteps, n_features), checked."""
        series = check_array(
            X,
            ensure_2d=False,
            allow_nd=True,
            dtype=(np.float64, np.float32),
            ensure_all_finite=False,
            ensure_min_samples=0,
        )
        if series.ndim not in (1, 2):
            raise ValueError(
                f"Expected X to be one series, of shape (n_timesteps,) or "
                f"(n_timesteps, n_features); got {series.ndim}-D input of shape "
                f"{series.shape}. Sequences that are already cut to windows go "
                "to the estimator directly."
            )
        if series.ndim == 1:
            series = series[:, np.newaxis]
        # scikit-learn's bookkeeping of columns and their names, on the 2-D X
        # itself so that a DataFrame's names are kept.
        validate_data(
            self, X if np.ndim(X) == 2 else series, reset=reset, skip_check_array=True
        )
        if len(series) < self.window:
            raise ValueError(
                f"Expected a series of at least window={self.window} time steps; "
                f"got X of {len(series)}. Use a shorter window or a longer series."
            )
        not_finite = ~np.isfinite(series)
        if not_finite.any():
            step, feature = np.argwhere(not_finite)[0]
            raise ValueError(
                f"Expected X to hold finite values; it has {series[step, feature]} "
                f"at time index {step}, feature {feature}. Fill or drop missing "
                "values before cutting the series into windows."
            )
        return series


def _window_starts(n_timesteps, window, stride):
    """The first time index of each window, the last ending at the last step.

    Examples
    --------
    >>> _window_starts(10, 4, 3)
    array([0, 3, 6])
    >>> _window_starts(11, 4, 3)
    array([0, 3, 6, 7])
    """
    starts = np.arange(0, n_timesteps - window + 1, stride)
    if starts[-1] != n_timesteps - window:
        starts = np.append(starts, n_timesteps - window)
    return starts


def _combine(time_index, values, n_timesteps, reduce):
    """``values`` reduced per time index, NaN where a time point has none.

    Examples
    --------
    >>> _combine(np.array([0, 0, 2]), np.array([1.0, 3.0, 5.0]), 4, "mean")
    array([ 2., nan,  5., nan])
    >>> _combine(np.array([0, 0, 2]), np.array([1.0, 3.0, 5.0]), 4, "min")
    array([ 1., nan,  5., nan])
    """
    counts = np.bincount(time_index, minlength=n_timesteps)
    if reduce == "mean":
        combined = np.bincount(time_index, weights=values, minlength=n_timesteps)
        return np.divide(
            combined, counts, out=np.full(n_timesteps, np.nan), where=counts > 0
        )
    ufunc, identity = (np.maximum, -np.inf) if reduce == "max" else (np.minimum, np.inf)
    combined = np.full(n_timesteps, identity)
    ufunc.at(combined, time_index, values)
    combined[counts == 0] = np.nan
    return combined
