"""Training objectives: what the encoder reads and what each decoder outputs.

Srivastava et al. (2015) train one encoder with a reconstruction decoder, a
prediction decoder, or both (the composite model). For each sequence of
``T`` steps:

- ``"reconstruct"``: the encoder reads all ``T`` steps and the decoder
  outputs them again;
- ``"predict"`` with ``horizon=None``, the tutorial's framing: the encoder
  reads all ``T`` steps and the decoder outputs steps 2 to ``T``, the input
  shifted one step ahead;
- ``"predict"`` with ``horizon=h``, the paper's future predictor: the encoder
  reads the first ``T - h`` steps and the decoder outputs the last ``h``;
- ``"composite"``: both decoders on one encoder. The reconstruction decoder
  recreates what the encoder read: all ``T`` steps, or the first ``T - h``.

This module knows NumPy only.
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

__all__ = [
    "OBJECTIVES",
    "OUTPUTS",
    "DecoderTargets",
    "ObjectiveSplit",
    "split_for_objective",
]

# What each objective asks the decoders to output, by output name.
OUTPUTS = {
    "reconstruct": ("reconstruction",),
    "predict": ("prediction",),
    "composite": ("reconstruction", "prediction"),
}
OBJECTIVES = tuple(OUTPUTS)


@dataclass(frozen=True)
class DecoderTargets:
    """What the decoders of a fitted network were trained to output.

    Only the settings that apply to the ``objective`` hold a value; the others
    are at their neutral default (:meth:`for_objective` sees to it), so that
    changing a parameter that does not apply does not count as a change.

    Examples
    --------
    >>> from sklearn_lstmae._objectives import DecoderTargets
    >>> targets = DecoderTargets.for_objective(
    ...     "composite", horizon=None, reverse_target=True, prediction_weight=0.25
    ... )
    >>> targets.loss_weights
    {'reconstruction': 0.75, 'prediction': 0.25}
    >>> DecoderTargets.for_objective(
    ...     "predict", horizon=None, reverse_target=True, prediction_weight=0.25
    ... ).reverse_target
    False
    """

    objective: str
    """One of ``OBJECTIVES``."""
    horizon: int | None = None
    """Steps the prediction decoder predicts; None for the shifted input."""
    reverse_target: bool = False
    """Whether the reconstruction decoder outputs each sequence reversed."""
    prediction_weight: float | None = None
    """Weight of the prediction error in a composite model's loss."""

    @classmethod
    def for_objective(cls, objective, *, horizon, reverse_target, prediction_weight):
        """The targets of ``objective``, keeping only the settings that apply."""
        outputs = OUTPUTS[objective]
        return cls(
            objective,
            horizon=None
            if horizon is None or "prediction" not in outputs
            else int(horizon),
            reverse_target=bool(reverse_target) and "reconstruction" in outputs,
            prediction_weight=(float(prediction_weight) if len(outputs) > 1 else None),
        )

    @property
    def outputs(self):
        """Names of the decoders' outputs."""
        return OUTPUTS[self.objective]

    @property
    def loss_weights(self):
        """Weight of each decoder's error in the loss, by output name."""
        if self.prediction_weight is None:
            return {self.outputs[0]: 1.0}
        return {
            "reconstruction": 1.0 - self.prediction_weight,
            "prediction": self.prediction_weight,
        }

    def split(self, sequences, lengths):
        """:func:`split_for_objective` of padded sequences, for these targets."""
        return split_for_objective(
            sequences, lengths, objective=self.objective, horizon=self.horizon
        )


class ObjectiveSplit(NamedTuple):
    """Sequences split into what the encoder reads and what decoders output."""

    encoder_lengths: np.ndarray
    """Steps the encoder reads of each sequence, from its first."""
    targets: dict
    """Output name to ``(values, lengths)``: padded 3-D targets of each decoder
    and the number of real steps of each."""


def split_for_objective(sequences, lengths, *, objective, horizon):
    """Split padded sequences into encoder input and decoder targets.

    Parameters
    ----------
    sequences : ndarray of shape (n_samples, n_timesteps, n_features)
        Sequences padded after their ends. The encoder reads each from its
        first step, up to ``encoder_lengths``.
    lengths : ndarray of shape (n_samples,)
        Length of each sequence.
    objective : {"reconstruct", "predict", "composite"}
        The training objective.
    horizon : int or None
        Steps the prediction decoder predicts after what the encoder read;
        None for the input shifted one step ahead. Ignored by
        ``"reconstruct"``.

    Returns
    -------
    split : ObjectiveSplit
        The encoder's lengths, and the targets of each decoder.

    Raises
    ------
    ValueError
        If a sequence is too short to leave the encoder a step and the
        prediction decoder a target.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._objectives import split_for_objective
    >>> sequences = np.array([[1.0, 2, 3, 4], [5, 6, 7, np.nan]])[:, :, None]
    >>> split = split_for_objective(
    ...     sequences, np.array([4, 3]), objective="composite", horizon=1
    ... )
    >>> split.encoder_lengths
    array([3, 2])
    >>> values, lengths = split.targets["prediction"]
    >>> values[:, :, 0], lengths
    (array([[4.],
           [7.]]), array([1, 1]))
    """
    lengths = np.asarray(lengths)
    outputs = OUTPUTS[objective]
    encoder_lengths = lengths
    targets = {}
    if "prediction" in outputs:
        _check_long_enough(lengths, objective, horizon)
        if horizon is None:
            targets["prediction"] = (sequences[:, 1:], lengths - 1)
        else:
            encoder_lengths = lengths - horizon
            targets["prediction"] = (
                last_steps(sequences, lengths, horizon),
                np.full_like(lengths, horizon),
            )
    if "reconstruction" in outputs:
        # Steps after the encoder's length are future ones, or padding: the
        # decoder's mask hides them from the loss either way.
        targets = {"reconstruction": (sequences, encoder_lengths), **targets}
    return ObjectiveSplit(encoder_lengths, targets)


def last_steps(sequences, lengths, n_steps):
    """The last ``n_steps`` real steps of each padded sequence.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._objectives import last_steps
    >>> sequences = np.array([[1.0, 2, 3], [4, 5, np.nan]])[:, :, None]
    >>> last_steps(sequences, [3, 2], 2)[:, :, 0]
    array([[2., 3.],
           [4., 5.]])
    """
    steps = np.asarray(lengths)[:, np.newaxis] - n_steps + np.arange(n_steps)
    return np.take_along_axis(sequences, steps[:, :, np.newaxis], axis=1)


def _check_long_enough(lengths, objective, horizon):
    shortest = int(np.argmin(lengths))
    needed = 2 if horizon is None else horizon + 1
    if lengths[shortest] < needed:
        reads = (
            "the encoder reads all T steps and the decoder predicts steps 2 to T"
            if horizon is None
            else f"the encoder reads the first T - {horizon} steps and the "
            f"decoder predicts the last {horizon}"
        )
        raise ValueError(
            f"objective={objective!r} with horizon={horizon!r} needs sequences "
            f"of at least {needed} steps, because {reads}; sequence "
            f"{shortest} has {lengths[shortest]}."
        )
