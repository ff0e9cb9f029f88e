"""Plots of a fitted LSTM autoencoder: learning curves, reconstructions,
embedding, anomaly scores.

A thin layer over the public attributes and methods of a fitted
:class:`~sklearn_lstmae.LSTMAutoencoderTransformer` or
:class:`~sklearn_lstmae.LSTMAutoencoderOutlierDetector`. It needs matplotlib, which
the ``plots`` extra installs (``pip install "sklearn-lstmae[plots]"``); the
import is deferred to the first plot, so that importing this module costs
nothing where matplotlib is missing.
"""

from numbers import Integral

import numpy as np
from sklearn.decomposition import PCA
from sklearn.utils.validation import (
    check_consistent_length,
    check_is_fitted,
    column_or_1d,
)

from ._scaling import PerSeriesScaler, standardize_each_series
from ._sequences import read_sequences

__all__ = [
    "plot_anomaly_scores",
    "plot_embedding",
    "plot_history",
    "plot_reconstructions",
]


def plot_history(transformer, *, ax=None):
    """Plot the training and validation loss of each epoch.

    Parameters
    ----------
    transformer : LSTMAutoencoderTransformer
        A fitted transformer.

    ax : matplotlib Axes, default=None
        Axes to draw into; a new figure is created if None.

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on: one line per loss in ``transformer.history_``, on a
        log scale, and a dashed vertical line at ``best_epoch_`` when the
        transformer has one.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sklearn_lstmae import LSTMAutoencoderTransformer
    >>> from sklearn_lstmae.plotting import plot_history
    >>> X = np.sin(np.linspace(0, 3, 9) + np.arange(20)[:, None])
    >>> ae = LSTMAutoencoderTransformer(latent_dim=2, epochs=2, random_state=0)
    >>> ax = plot_history(ae.fit(X))
    >>> [line.get_label() for line in ax.get_lines()]
    ['training loss']
    """
    check_is_fitted(transformer)
    plt = _import_pyplot()
    from matplotlib.ticker import MaxNLocator

    if ax is None:
        _, ax = plt.subplots(layout="constrained")
    for name, values in transformer.history_.items():
        # Other entries, such as a learning rate, are not on the scale of a loss.
        if not name.endswith("loss"):
            continue
        if name.startswith("val_"):
            label = f"validation {name.removeprefix('val_')}"
        else:
            label = f"training {name}"
        ax.plot(np.arange(1, len(values) + 1), values, label=label)
    best_epoch = getattr(transformer, "best_epoch_", None)
    if best_epoch is not None:
        ax.axvline(best_epoch, color="0.5", linestyle="--", label="best epoch")
    # Losses fall by orders of magnitude; a linear scale hides all but the start.
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("epoch")
    ax.set_ylabel("mean squared error (scaled data)")
    ax.legend()
    return ax


def plot_reconstructions(transformer, X, *, n_sequences=4, feature=0, axes=None):
    """Plot sequences and their reconstructions, one sequence per Axes.

    Each sequence is encoded and decoded again, ``inverse_transform(transform(X))``,
    and drawn as a solid line with its reconstruction dashed over it.

    Parameters
    ----------
    transformer : LSTMAutoencoderTransformer
        A fitted transformer.

    X : array-like of shape (n_samples, n_timesteps) or \
            (n_samples, n_timesteps, n_features), or list of array-like
        Sequences in any layout the transformer takes; the first
        ``n_sequences`` are drawn, each as long as it is.

    n_sequences : int, default=4
        How many sequences to draw, fewer if ``X`` holds fewer.

    feature : int, default=0
        Index of the feature to draw, for multivariate sequences.

    axes : array-like of matplotlib Axes, default=None
        Axes to draw into, one per sequence drawn; a new figure with one row
        per sequence is created if None.

    Returns
    -------
    axes : ndarray of matplotlib Axes
        The Axes drawn on, one per sequence.

    Notes
    -----
    With ``scaling="per_series"`` the transformer reconstructs sequences
    z-normalized, without their level and amplitude; the sequences are then
    drawn z-normalized too, so that the two lines compare.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sklearn_lstmae import LSTMAutoencoderTransformer
    >>> from sklearn_lstmae.plotting import plot_reconstructions
    >>> X = np.sin(np.linspace(0, 3, 9) + np.arange(20)[:, None])
    >>> ae = LSTMAutoencoderTransformer(latent_dim=2, epochs=2, random_state=0)
    >>> axes = plot_reconstructions(ae.fit(X), X, n_sequences=3)
    >>> [len(ax.get_lines()) for ax in axes]
    [2, 2, 2]
    """
    check_is_fitted(transformer)
    plt = _import_pyplot()
    if not isinstance(n_sequences, Integral) or n_sequences < 1:
        raise ValueError(
            f"n_sequences must be a positive integer; got n_sequences={n_sequences!r}."
        )
    # Slicing keeps the type of X, so that a DataFrame keeps its column names.
    X = X[:n_sequences]
    sequences, lengths, _ = read_sequences(X)
    n_shown, n_timesteps, n_features = sequences.shape
    if not isinstance(feature, Integral) or not 0 <= feature < n_features:
        raise ValueError(
            f"feature={feature!r} is out of range for sequences with {n_features} "
            "feature(s)."
        )
    # Padding is NaN, which matplotlib leaves out: each line ends with its sequence.
    reconstructed = read_sequences(
        transformer.inverse_transform(transformer.transform(X), lengths=lengths)
    ).values
    ylabel = "value" if n_features == 1 else f"feature {feature}"
    if isinstance(transformer.scaler_, PerSeriesScaler):
        sequences = standardize_each_series(sequences)
        ylabel += " (z-normalized)"

    if axes is None:
        _, axes = plt.subplots(
            n_shown,
            1,
            sharex=True,
            squeeze=False,
            figsize=(6.4, 1.2 + 1.6 * n_shown),
            layout="constrained",
        )
    axes = np.asarray(axes, dtype=object).ravel()
    if axes.size < n_shown:
        raise ValueError(
            f"axes holds {axes.size} Axes, but {n_shown} sequences are to be drawn."
        )
    axes = axes[:n_shown]
    steps = np.arange(n_timesteps)
    for index, ax in enumerate(axes):
        ax.plot(steps, sequences[index, :, feature], label="original")
        ax.plot(steps, reconstructed[index, :, feature], "--", label="reconstruction")
        ax.set_title(f"sequence {index}")
        ax.set_ylabel(ylabel)
    axes[0].legend()
    axes[-1].set_xlabel("time step")
    return axes


def plot_embedding(transformer, X, y=None, *, ax=None):
    """Scatter the bottleneck vectors of sequences, coloured by class if given.

    Bottleneck vectors of more than two dimensions are projected onto their
    first two principal components; one-dimensional ones are drawn on a line.

    Parameters
    ----------
    transformer : LSTMAutoencoderTransformer
        A fitted transformer.

    X : array-like of shape (n_samples, n_timesteps) or \
            (n_samples, n_timesteps, n_features)
        Sequences shaped like the training sequences.

    y : array-like of shape (n_samples,), default=None
        Class of each sequence: one colour, and one legend entry, per class.

    ax : matplotlib Axes, default=None
        Axes to draw into; a new figure is created if None.

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on, with one scatter (a ``PathCollection``) per class,
        or a single one without ``y``.

    See Also
    --------
    sklearn.decomposition.PCA : The projection onto two dimensions.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sklearn_lstmae import LSTMAutoencoderTransformer
    >>> from sklearn_lstmae.plotting import plot_embedding
    >>> X = np.sin(np.linspace(0, 3, 9) + np.arange(20)[:, None])
    >>> y = np.arange(20) % 2
    >>> ae = LSTMAutoencoderTransformer(latent_dim=3, epochs=2, random_state=0)
    >>> ax = plot_embedding(ae.fit(X), X, y)
    >>> len(ax.collections)
    2
    """
    check_is_fitted(transformer)
    plt = _import_pyplot()
    latent = transformer.transform(X)
    if y is not None:
        y = column_or_1d(y)
        check_consistent_length(latent, y)

    latent_dim = latent.shape[1]
    if latent_dim > 2:
        # Arrays, whatever output scikit-learn is configured to give.
        points = PCA(n_components=2).set_output(transform="default")
        points = points.fit_transform(latent)
        labels = [f"principal component {i} of the bottleneck" for i in (1, 2)]
    elif latent_dim == 2:
        points = latent
        labels = ["bottleneck 1", "bottleneck 2"]
    else:
        points = np.column_stack([latent[:, 0], np.zeros(len(latent))])
        labels = ["bottleneck 1", None]

    if ax is None:
        _, ax = plt.subplots(layout="constrained")
    if y is None:
        ax.scatter(points[:, 0], points[:, 1], s=12)
    else:
        for label in np.unique(y):
            in_class = y == label
            ax.scatter(points[in_class, 0], points[in_class, 1], s=12, label=str(label))
        ax.legend(title="class")
    ax.set_xlabel(labels[0])
    if labels[1] is None:
        # The vertical position of a one-dimensional embedding means nothing.
        ax.set_yticks([])
    else:
        ax.set_ylabel(labels[1])
    return ax


def plot_anomaly_scores(detector, X, *, feature=0, axes=None):
    """Plot a sequence, its reconstruction and the error of each of its steps.

    Shows where a sequence is anomalous: the upper Axes draws it as a solid
    line with the detector's reconstruction dashed over it, the lower one the
    squared error of each step (minus ``score_steps``) and, dotted, the mean
    error that ``score_samples`` would give a sequence on the detector's
    threshold, ``-offset_`` (for ``anomaly_score="reconstruction"``).

    Parameters
    ----------
    detector : LSTMAutoencoderOutlierDetector
        A fitted detector whose objective trains a reconstruction decoder.

    X : array-like of shape (n_timesteps,) or (n_timesteps, n_features)
        One sequence, univariate if 1-D; a NaN tail is padding.

    feature : int, default=0
        Index of the feature to draw in the upper Axes, for multivariate
        sequences; the step errors are averaged over all features.

    axes : array-like of two matplotlib Axes, default=None
        Axes to draw into, the sequence's then the errors'; a new figure with
        two rows is created if None.

    Returns
    -------
    axes : ndarray of two matplotlib Axes
        The Axes drawn on.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sklearn_lstmae import LSTMAutoencoderOutlierDetector
    >>> from sklearn_lstmae.plotting import plot_anomaly_scores
    >>> X = np.sin(np.linspace(0, 3, 9) + np.arange(20)[:, None])
    >>> detector = LSTMAutoencoderOutlierDetector(latent_dim=2, epochs=2).fit(X)
    >>> spiked = X[0].copy()
    >>> spiked[4] += 3
    >>> axes = plot_anomaly_scores(detector, spiked)
    >>> [len(ax.get_lines()) for ax in axes]
    [2, 2]
    """
    check_is_fitted(detector)
    plt = _import_pyplot()
    sequence = np.asarray(X, dtype=float)
    if sequence.ndim not in (1, 2):
        raise ValueError(
            "X must be one sequence, an array of shape (n_timesteps,) or "
            f"(n_timesteps, n_features); got an array of shape {sequence.shape}."
        )
    batch = sequence[np.newaxis]
    values, lengths, _ = read_sequences(batch)
    n_features = values.shape[2]
    if not isinstance(feature, Integral) or not 0 <= feature < n_features:
        raise ValueError(
            f"feature={feature!r} is out of range for sequences with {n_features} "
            "feature(s)."
        )
    reconstructed = read_sequences(detector.reconstruct(batch)).values[0]
    errors = -detector.score_steps(batch)[0]

    if axes is None:
        _, axes = plt.subplots(
            2, 1, sharex=True, figsize=(6.4, 4.0), layout="constrained"
        )
    axes = np.asarray(axes, dtype=object).ravel()
    if axes.size != 2:
        raise ValueError(f"axes must hold 2 Axes; got {axes.size}.")
    steps = np.arange(lengths[0])
    ylabel = "value" if n_features == 1 else f"feature {feature}"
    axes[0].plot(steps, values[0, : lengths[0], feature], label="sequence")
    axes[0].plot(
        steps, reconstructed[: lengths[0], feature], "--", label="reconstruction"
    )
    axes[0].set_ylabel(ylabel)
    axes[0].legend()
    axes[1].plot(steps, errors[: lengths[0]], color="C3", label="squared error")
    if detector.anomaly_score == "reconstruction":
        axes[1].axhline(
            -detector.offset_, color="0.5", linestyle=":", label="threshold (mean)"
        )
    else:
        # Keep two lines whatever the score, so that the Axes read alike.
        axes[1].axhline(
            np.nanmean(errors), color="0.5", linestyle=":", label="mean error"
        )
    axes[1].set_ylabel("squared error")
    axes[1].set_xlabel("time step")
    axes[1].legend()
    return axes


def _import_pyplot():
    """Import matplotlib's pyplot, or say how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise ImportError(
            'Plotting needs matplotlib: pip install "sklearn-lstmae[plots]"'
        ) from error
    return plt
