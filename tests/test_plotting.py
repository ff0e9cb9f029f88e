"""Plots of a fitted transformer: what each function draws, and where."""

import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.decomposition import PCA
from sklearn.exceptions import NotFittedError

from sklearn_lstmae import LSTMAutoencoderOutlierDetector, LSTMAutoencoderTransformer
from sklearn_lstmae._scaling import standardize_each_series
from sklearn_lstmae.plotting import (
    plot_anomaly_scores,
    plot_embedding,
    plot_history,
    plot_reconstructions,
)

from .tiny import TINY

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plt = pytest.importorskip("matplotlib.pyplot")


@pytest.fixture(autouse=True)
def close_figures():
    """Close the figures each test opens, so that they do not pile up."""
    yield
    plt.close("all")


def legend_labels(ax):
    return [text.get_text() for text in ax.get_legend().get_texts()]


def test_plot_history_draws_the_training_loss_per_epoch(fitted_univariate):
    ax = plot_history(fitted_univariate)

    (line,) = ax.get_lines()
    assert_array_equal(line.get_xdata(), np.arange(1, fitted_univariate.n_epochs_ + 1))
    assert_array_equal(line.get_ydata(), fitted_univariate.history_["loss"])
    assert ax.get_yscale() == "log"
    assert legend_labels(ax) == ["training loss"]
    assert ax.get_xlabel() == "epoch"
    assert ax.get_ylabel() == "mean squared error (scaled data)"


def test_plot_history_draws_validation_loss_and_skips_other_metrics(
    fitted_univariate, monkeypatch
):
    history = {
        "loss": [0.5, 0.2, 0.1],
        "val_loss": [0.6, 0.3, 0.4],
        "learning_rate": [1e-3, 1e-3, 1e-3],
    }
    monkeypatch.setattr(fitted_univariate, "history_", history)

    ax = plot_history(fitted_univariate)

    assert [line.get_label() for line in ax.get_lines()] == [
        "training loss",
        "validation loss",
    ]
    for line, name in zip(ax.get_lines(), ["loss", "val_loss"], strict=True):
        assert_array_equal(line.get_xdata(), [1, 2, 3])
        assert_array_equal(line.get_ydata(), history[name])


def test_plot_history_marks_the_best_epoch(fitted_univariate, monkeypatch):
    monkeypatch.setattr(fitted_univariate, "best_epoch_", 2, raising=False)

    ax = plot_history(fitted_univariate)

    *_, marker = ax.get_lines()
    assert len(ax.get_lines()) == 2
    assert_array_equal(marker.get_xdata(), [2, 2])
    assert marker.get_linestyle() == "--"
    assert legend_labels(ax) == ["training loss", "best epoch"]


def test_plot_history_marks_no_epoch_without_early_stopping(
    fitted_univariate, monkeypatch
):
    monkeypatch.setattr(fitted_univariate, "best_epoch_", None, raising=False)

    assert len(plot_history(fitted_univariate).get_lines()) == 1


@pytest.mark.parametrize(
    ("fixture", "feature"), [("univariate", 0), ("multivariate", 2)]
)
def test_plot_reconstructions_draws_each_sequence_and_its_reconstruction(
    fixture, feature, request
):
    X, _ = request.getfixturevalue(f"{fixture}_sequences")
    transformer = request.getfixturevalue(f"fitted_{fixture}")
    expected = transformer.inverse_transform(transformer.transform(X[:3]))
    if X.ndim == 2:
        X, expected = X[:, :, np.newaxis], expected[:, :, np.newaxis]

    axes = plot_reconstructions(transformer, X, n_sequences=3, feature=feature)

    assert axes.shape == (3,)
    for index, ax in enumerate(axes):
        original, reconstruction = ax.get_lines()
        assert_array_equal(original.get_ydata(), X[index, :, feature])
        assert_allclose(reconstruction.get_ydata(), expected[index, :, feature])
        assert_array_equal(original.get_xdata(), np.arange(X.shape[1]))
        assert (original.get_linestyle(), reconstruction.get_linestyle()) == (
            "-",
            "--",
        )
    assert legend_labels(axes[0]) == ["original", "reconstruction"]


def test_plot_reconstructions_draws_fewer_sequences_if_x_is_shorter(
    fitted_univariate, univariate_sequences
):
    X, _ = univariate_sequences

    assert len(plot_reconstructions(fitted_univariate, X[:2], n_sequences=4)) == 2


def test_plot_reconstructions_draws_each_sequence_at_its_length(fitted_univariate):
    sequences = [np.linspace(0, 1, 12), np.linspace(0, 1, 5)]
    axes = plot_reconstructions(fitted_univariate, sequences)
    for ax, sequence in zip(axes, sequences, strict=True):
        for line in ax.get_lines():
            drawn = line.get_ydata()
            assert np.count_nonzero(~np.isnan(drawn)) == len(sequence)
        np.testing.assert_allclose(
            ax.get_lines()[0].get_ydata()[: len(sequence)], sequence
        )


def test_plot_reconstructions_z_normalizes_per_series_originals(
    univariate_sequences,
):
    X, _ = univariate_sequences
    # Offset and stretched, so that the originals differ from their z-scores.
    X = 10 * X[:10] + 100
    transformer = LSTMAutoencoderTransformer(
        **TINY, scaling="per_series", random_state=0
    ).fit(X)

    axes = plot_reconstructions(transformer, X, n_sequences=2)

    standardized = standardize_each_series(X[:2, :, np.newaxis])
    expected = transformer.inverse_transform(transformer.transform(X[:2]))
    for index, ax in enumerate(axes):
        original, reconstruction = ax.get_lines()
        assert_allclose(original.get_ydata(), standardized[index, :, 0])
        assert_allclose(reconstruction.get_ydata(), expected[index])
        assert "z-normalized" in ax.get_ylabel()


@pytest.mark.parametrize(
    ("fixture", "feature", "n_features"),
    [("multivariate", 5, 3), ("multivariate", -1, 3), ("univariate", 1, 1)],
)
def test_plot_reconstructions_rejects_a_feature_out_of_range(
    fixture, feature, n_features, request
):
    X, _ = request.getfixturevalue(f"{fixture}_sequences")
    transformer = request.getfixturevalue(f"fitted_{fixture}")
    message = (
        f"feature={feature} is out of range for sequences with {n_features} "
        r"feature\(s\)"
    )
    with pytest.raises(ValueError, match=message):
        plot_reconstructions(transformer, X, feature=feature)


@pytest.mark.parametrize("n_sequences", [0, 2.5])
def test_plot_reconstructions_rejects_a_bad_n_sequences(
    n_sequences, fitted_univariate, univariate_sequences
):
    X, _ = univariate_sequences

    with pytest.raises(ValueError, match="n_sequences must be a positive integer"):
        plot_reconstructions(fitted_univariate, X, n_sequences=n_sequences)


def test_plot_reconstructions_draws_into_given_axes(
    fitted_univariate, univariate_sequences
):
    X, _ = univariate_sequences
    _, grid = plt.subplots(2, 2)

    axes = plot_reconstructions(fitted_univariate, X, axes=grid)

    assert list(axes) == list(grid.ravel())
    assert all(len(ax.get_lines()) == 2 for ax in grid.ravel())


def test_plot_reconstructions_rejects_too_few_axes(
    fitted_univariate, univariate_sequences
):
    X, _ = univariate_sequences
    _, grid = plt.subplots(1, 2)

    with pytest.raises(ValueError, match="axes holds 2 Axes, but 3 sequences"):
        plot_reconstructions(fitted_univariate, X, n_sequences=3, axes=grid)


def test_plot_embedding_projects_onto_principal_components_with_a_scatter_per_class(
    fitted_multivariate, multivariate_sequences
):
    X, y = multivariate_sequences
    # The fixture's bottleneck has 3 dimensions, one more than a plot shows.
    points = PCA(n_components=2).fit_transform(fitted_multivariate.transform(X))

    ax = plot_embedding(fitted_multivariate, X, y)

    classes = np.unique(y)
    assert len(ax.collections) == len(classes)
    for collection, label in zip(ax.collections, classes, strict=True):
        assert_allclose(collection.get_offsets(), points[y == label])
    assert legend_labels(ax) == [str(label) for label in classes]
    assert ax.get_xlabel() == "principal component 1 of the bottleneck"
    assert ax.get_ylabel() == "principal component 2 of the bottleneck"


def test_plot_embedding_without_classes_draws_a_single_scatter(
    fitted_univariate, univariate_sequences
):
    X, _ = univariate_sequences

    ax = plot_embedding(fitted_univariate, X)

    (collection,) = ax.collections
    assert len(collection.get_offsets()) == len(X)
    assert ax.get_legend() is None


@pytest.mark.parametrize(
    ("latent", "expected", "xlabel", "ylabel"),
    [
        (
            [[1.0, 2.0], [3.0, 4.0]],
            [[1.0, 2.0], [3.0, 4.0]],
            "bottleneck 1",
            "bottleneck 2",
        ),
        ([[1.0], [3.0]], [[1.0, 0.0], [3.0, 0.0]], "bottleneck 1", ""),
    ],
)
def test_plot_embedding_draws_small_bottlenecks_as_they_are(
    fitted_univariate, monkeypatch, latent, expected, xlabel, ylabel
):
    # The plot sees only what transform returns: replacing it spares a fit of a
    # network per bottleneck size.
    monkeypatch.setattr(fitted_univariate, "transform", lambda X: np.array(latent))

    ax = plot_embedding(fitted_univariate, np.zeros((2, 12)))

    assert_array_equal(ax.collections[0].get_offsets(), expected)
    assert (ax.get_xlabel(), ax.get_ylabel()) == (xlabel, ylabel)


def test_plot_embedding_rejects_classes_of_another_length(
    fitted_univariate, univariate_sequences
):
    X, y = univariate_sequences

    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        plot_embedding(fitted_univariate, X, y[:-1])


@pytest.mark.parametrize("plot", [plot_history, plot_embedding])
def test_plots_draw_into_a_given_ax(plot, fitted_univariate, univariate_sequences):
    X, _ = univariate_sequences
    _, ax = plt.subplots()
    figures = plt.get_fignums()
    arguments = () if plot is plot_history else (X,)

    assert plot(fitted_univariate, *arguments, ax=ax) is ax
    assert plt.get_fignums() == figures


@pytest.mark.parametrize("plot", [plot_history, plot_reconstructions, plot_embedding])
def test_plots_require_a_fitted_transformer(
    plot, tiny_transformer, univariate_sequences
):
    X, _ = univariate_sequences
    arguments = () if plot is plot_history else (X,)

    with pytest.raises(NotFittedError):
        plot(tiny_transformer, *arguments)


def test_plots_say_how_to_install_matplotlib(fitted_univariate, monkeypatch):
    # A None entry in sys.modules makes the import fail as if not installed.
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)

    with pytest.raises(ImportError, match=r'pip install "sklearn-lstmae\[plots\]"'):
        plot_history(fitted_univariate)


def test_importing_plotting_does_not_import_matplotlib():
    script = (
        "import sys, sklearn_lstmae.plotting; assert 'matplotlib' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


@pytest.fixture(scope="module")
def fitted_detector(univariate_sequences):
    X, _ = univariate_sequences
    return LSTMAutoencoderOutlierDetector(**TINY, random_state=0).fit(X)


def test_plot_anomaly_scores_draws_the_sequence_its_reconstruction_and_errors(
    fitted_detector, univariate_sequences
):
    sequence = univariate_sequences[0][3]
    top, bottom = plot_anomaly_scores(fitted_detector, sequence)

    drawn, reconstruction = top.get_lines()
    assert_array_equal(drawn.get_ydata(), sequence)
    assert_allclose(
        reconstruction.get_ydata(),
        fitted_detector.reconstruct(sequence[np.newaxis])[0],
        rtol=1e-6,
    )
    errors, threshold = bottom.get_lines()
    assert_allclose(
        errors.get_ydata(), -fitted_detector.score_steps(sequence[np.newaxis])[0]
    )
    assert threshold.get_ydata()[0] == pytest.approx(-fitted_detector.offset_)
    assert legend_labels(top) == ["sequence", "reconstruction"]
    assert bottom.get_xlabel() == "time step"


def test_plot_anomaly_scores_draws_a_padded_sequence_at_its_length(
    fitted_detector, univariate_sequences
):
    sequence = univariate_sequences[0][0].copy()
    sequence[7:] = np.nan
    top, bottom = plot_anomaly_scores(fitted_detector, sequence)
    assert all(len(line.get_xdata()) == 7 for line in top.get_lines())
    assert len(bottom.get_lines()[0].get_xdata()) == 7


def test_plot_anomaly_scores_draws_the_chosen_feature(multivariate_sequences):
    X, _ = multivariate_sequences
    detector = LSTMAutoencoderOutlierDetector(**TINY, random_state=0).fit(X)
    top, _ = plot_anomaly_scores(detector, X[0], feature=2)
    assert_array_equal(top.get_lines()[0].get_ydata(), X[0, :, 2])
    assert top.get_ylabel() == "feature 2"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"X": np.zeros((2, 3, 1))}, "must be one sequence"),
        ({"feature": 1}, "out of range"),
        ({"axes": [None]}, "must hold 2 Axes"),
    ],
)
def test_plot_anomaly_scores_rejects_bad_arguments(
    fitted_detector, univariate_sequences, kwargs, message
):
    kwargs = {"X": univariate_sequences[0][0], **kwargs}
    with pytest.raises(ValueError, match=message):
        plot_anomaly_scores(fitted_detector, **kwargs)
