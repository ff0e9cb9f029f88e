"""Draw the documentation's figures with :mod:`sklearn_lstmae.plotting`.

Run it by hand, after a change to the model or to the plots, with
``python docs/make_figures.py``. It fits a transformer with early stopping on
the ItalyPowerDemand dataset and writes ``history.png``, ``reconstructions.png``
and ``embedding.png`` to ``docs/images/``; then an outlier detector, at its
defaults, on the winter days of the same dataset, and draws the summer day it
scores as most anomalous in ``anomaly.png``. It needs the ``plots`` extra.
"""

from pathlib import Path

import matplotlib
import numpy as np

from sklearn_lstmae import LSTMAutoencoderOutlierDetector, LSTMAutoencoderTransformer
from sklearn_lstmae.datasets import load_italy_power_demand
from sklearn_lstmae.plotting import (
    plot_anomaly_scores,
    plot_embedding,
    plot_history,
    plot_reconstructions,
)

IMAGES = Path(__file__).resolve().parent / "images"


def main():
    # Before the plots import pyplot: files only, no display, on any machine.
    matplotlib.use("Agg")
    X, y = load_italy_power_demand(return_X_y=True)
    transformer = LSTMAutoencoderTransformer(
        epochs=300,
        validation_fraction=0.2,
        early_stopping=True,
        reduce_lr_on_plateau=True,
        random_state=0,
    ).fit(X)
    history = transformer.history_
    print(
        f"{transformer.n_epochs_} epochs run, best epoch {transformer.best_epoch_}; "
        f"loss {history['loss'][0]:.4f} -> {history['loss'][-1]:.4f}, "
        f"val_loss {history['val_loss'][0]:.4f} -> "
        f"{min(history['val_loss']):.4f} (best)"
    )

    figures = {
        "history": plot_history(transformer).figure,
        "reconstructions": plot_reconstructions(transformer, X)[0].figure,
        "embedding": plot_embedding(transformer, X, y).figure,
        "anomaly": _anomaly_figure(X, y),
    }
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name, figure in figures.items():
        path = IMAGES / f"{name}.png"
        figure.savefig(path, dpi=120)
        print(f"wrote {path}")


def _anomaly_figure(X, y):
    """A detector trained on winter days, and the summer day least like them."""
    winter, summer = X[y == 1], X[y == 2]
    detector = LSTMAutoencoderOutlierDetector(random_state=0).fit(winter)
    scores = detector.score_samples(summer)
    labels = detector.predict(summer)
    print(
        f"detector on {len(winter)} winter days: {np.mean(labels == -1):.0%} of "
        f"{len(summer)} summer days labelled outliers, "
        f"{np.mean(detector.predict(winter) == -1):.0%} of the winter days"
    )
    axes = plot_anomaly_scores(detector, summer[np.argmin(scores)])
    axes[0].set_title("the summer day least like the winter days")
    axes[1].set_xlabel("hour of the day")
    return axes[0].figure


if __name__ == "__main__":
    main()
