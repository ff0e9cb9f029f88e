"""The fitting every estimator built on the LSTM autoencoder shares.

scikit-learn shares fitting between the faces of one model with a private base
class (``_BasePCA`` under ``PCA`` and ``IncrementalPCA``, ``BaseMixture``
under the mixtures). :class:`BaseLSTMAutoencoder` is ours: it holds the
parameters, reads and validates sequences, scales them, builds or resumes the
network, trains it, encodes, decodes back into the caller's units, scores
reconstructions and pickles. A face such as
:class:`~sklearn_lstmae.LSTMAutoencoderTransformer` adds its docstring and
public methods of a few lines each.

This is the one module where scikit-learn and Keras meet: it turns parameters
into the records of the modules below (``NetworkArchitecture``,
``DecoderTargets``, ``TrainingSettings``) and keeps what a fit decided in one
:class:`FitRecord`.
"""

import contextlib
import copy
import dataclasses
import functools
import types
import warnings
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from ._compat import Interval, StrOptions, check_feature_names
from ._network import (
    BOTTLENECK_STATES,
    LSTMAutoencoderNetworks,
    NetworkArchitecture,
    build_networks,
)
from ._objectives import OBJECTIVES, OUTPUTS, DecoderTargets
from ._patches import auto_patch_size
from ._persistence import (
    NETWORK_ATTRIBUTES,
    NETWORK_STATE,
    restore_networks,
    strip_networks,
)
from ._quiet import quiet_tensorflow
from ._scaling import SCALINGS, fit_scaler, scale, unscale
from ._sequences import read_sequences, reverse_each, step_mask, unpad
from ._training import (
    TrainingData,
    TrainingSettings,
    adam,
    compile_network,
    predict_batches,
    train_network,
)

__all__ = ["BaseLSTMAutoencoder", "FitRecord", "needs_decoder"]

# epochs="auto" trains for about this many gradient steps, whatever the
# number of sequences, in Keras epochs of at least AUTO_STEPS_PER_EPOCH steps
# (several passes over a small dataset), so that the per-epoch overhead of
# Keras does not dominate the fit of a few dozen sequences.
AUTO_TRAINING_STEPS = 2000
AUTO_STEPS_PER_EPOCH = 50
# Sequences per forward pass in transform and friends: large enough to keep the
# per-call overhead of Keras small, small enough to bound memory on long series.
_PREDICT_BATCH_SIZE = 256
# Initializer seeds are drawn below this, leaving room for one offset per weight
# under the int32 limit that some backends place on seeds.
_MAX_SEED = 2**31 - 2**16


@dataclasses.dataclass(frozen=True)
class FitRecord:
    """What a fit decided, which every later method reads.

    Set by each successful ``fit`` or ``partial_fit``; parameters changed with
    ``set_params`` afterwards do not change it, so that a fitted model keeps
    answering as it was trained.
    """

    architecture: NetworkArchitecture
    """What the network was built from; ``n_features`` counts the values of
    one network step, a patch of ``patch_size`` time steps."""
    targets: DecoderTargets
    """What its decoders were trained to output."""
    patch_size: int
    """Time steps per network step."""
    input_layout: str
    """The layout of the training ``X``, in which sequences are returned."""
    sequence_shape: tuple
    """``(n_timesteps, n_features)`` of the training sequences, in time steps;
    ``n_timesteps`` is None if their lengths differ."""


class _DecoderErrors(NamedTuple):
    """One decoder's squared errors on a batch of sequences."""

    weight: float
    """The weight of its error in the training loss."""
    squared: np.ndarray
    """``(n_samples, n_steps, n_features)`` squared errors in the units of the
    input, NaN after the end of each target."""
    first_step: np.ndarray
    """The time step of each sequence that the decoder's first output is."""


class _StartingPoint(NamedTuple):
    """A network to train, new or resumed, and what training carries on from."""

    record: FitRecord
    networks: LSTMAutoencoderNetworks
    scaler: object
    history: dict
    n_epochs: int


@contextlib.contextmanager
def unchanged_on_error(estimator):
    """Put back every attribute of ``estimator`` if the block raises.

    Fitting validates ``X`` (``n_features_in_``, ``feature_names_in_``) before
    it trains; a fit that fails after that must not leave the new bookkeeping
    beside the old network. The network's weights are the training module's
    to put back.
    """
    state = dict(vars(estimator))
    try:
        yield
    except BaseException:
        vars(estimator).clear()
        vars(estimator).update(state)
        raise


def needs_decoder(output):
    """Decorate a method that exists only if the objective trains ``output``'s decoder.

    As scikit-learn's ``available_if``: ``hasattr`` is False otherwise, so that
    a ``Pipeline`` knows; but the AttributeError itself says why, rather than
    in its chained cause.
    """

    def decorate(method):
        return _DecoderMethod(method, output)

    return decorate


class _DecoderMethod:
    """The descriptor of :func:`needs_decoder`."""

    def __init__(self, method, output):
        self.method = method
        self.output = output
        functools.update_wrapper(self, method)

    def __get__(self, estimator, owner=None):
        if estimator is None:
            return self.method
        objective = (
            estimator._fit_record.targets.objective
            if estimator.__sklearn_is_fitted__()
            else estimator.objective
        )
        if self.output not in OUTPUTS[objective]:
            needed = "reconstruct" if self.output == "reconstruction" else "predict"
            raise AttributeError(
                f"{type(estimator).__name__}.{self.method.__name__} needs a "
                f"{self.output} decoder, which objective={objective!r} does not "
                f"train: set objective='composite' or {needed!r}."
            )
        return types.MethodType(self.method, estimator)


class BaseLSTMAutoencoder(BaseEstimator):
    """Parameters and fitting of the LSTM autoencoder, for every face.

    Not for direct use: the public estimators document the parameters.
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
        "input_noise": [Interval(Real, 0, None, closed="left")],
        "scaling": [StrOptions(set(SCALINGS)), None],
        "standardize_features": ["boolean"],
        "epochs": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
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
        self.input_noise = input_noise
        self.scaling = scaling
        self.standardize_features = standardize_features
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

    # Fitted attributes that mirror the record, for users and scikit-learn.

    @property
    def patch_size_(self):
        """The patch size the network reads, as ``patch_size`` or "auto" chose."""
        return self._fit_record.patch_size

    @property
    def input_layout_(self):
        """The layout of ``X`` in the last fit, in which sequences come back."""
        return self._fit_record.input_layout

    @property
    def sequence_shape_(self):
        """``(n_timesteps, n_features)`` of the training sequences."""
        return self._fit_record.sequence_shape

    # Fitting

    def _fit(self, X, *, X_val=None, partial=False):
        """Train on ``X`` as ``fit`` (or, with ``partial``, ``partial_fit``) does.

        Atomic: if it raises, the estimator is left as it was.
        """
        with unchanged_on_error(self):
            return self._fit_unguarded(X, X_val=X_val, partial=partial)

    def _fit_unguarded(self, X, *, X_val, partial):
        fitted = self.__sklearn_is_fitted__()
        continuing = fitted and (partial or self.warm_start)
        sequences = self._validate_sequences(X, reset=not continuing)
        validation = None
        # Validation and early stopping apply to fit only.
        if not partial and X_val is not None:
            validation = self._read_validation_sequences(X_val, sequences)
        elif not partial and self.validation_fraction is not None:
            sequences, validation = self._hold_out(sequences)
        epochs, passes_per_epoch = (
            (1, 1) if partial else self._epoch_plan(len(sequences.values))
        )
        self._train(
            sequences,
            validation,
            continuing=continuing,
            partial=partial,
            epochs=epochs,
            passes_per_epoch=passes_per_epoch,
            early_stopping=self.early_stopping and not partial,
            reduce_lr_on_plateau=self.reduce_lr_on_plateau and not partial,
        )
        return self

    def _train(
        self,
        sequences,
        validation,
        *,
        continuing,
        epochs,
        early_stopping,
        reduce_lr_on_plateau,
        passes_per_epoch=1,
        partial=False,
    ):
        """Train a new network, or the fitted one on, and set fitted attributes.

        ``sequences`` and ``validation`` (or None) are :class:`Sequences`.
        Attributes change only once training has succeeded, so that a
        diverged run leaves no half-trained estimator behind.
        """
        random_state = check_random_state(self.random_state)
        network_seed, shuffle_seed = random_state.randint(_MAX_SEED, size=2)
        start = (
            self._resumed_network(partial=partial)
            if continuing
            else self._new_network(sequences, seed=int(network_seed))
        )
        params = self._native_params()
        settings = TrainingSettings(
            epochs=epochs,
            batch_size=params["batch_size"],
            seed=int(shuffle_seed),
            initial_epoch=start.n_epochs,
            early_stopping=early_stopping,
            n_iter_no_change=params["n_iter_no_change"],
            tol=params["tol"],
            reduce_lr_on_plateau=reduce_lr_on_plateau,
            teacher_forcing=start.record.architecture.conditional_decoder,
            patch_size=start.record.patch_size,
            passes_per_epoch=passes_per_epoch,
            verbose=min(int(self.verbose), 2),
            input_scaled=start.scaler is not None,
        )
        callbacks = copy.deepcopy(list(self.callbacks or []))
        history, best_epoch = train_network(
            start.networks.autoencoder,
            self._training_data(start, sequences),
            settings,
            validation_data=(
                None if validation is None else self._training_data(start, validation)
            ),
            callbacks=callbacks,
        )
        self._set_fitted(start, sequences, history, best_epoch, callbacks)

    def _new_network(self, sequences, *, seed):
        """A new, compiled network for ``sequences``, and a scaler fitted on them."""
        patch_size = (
            auto_patch_size(sequences.lengths)
            if self.patch_size == "auto"
            else int(self.patch_size)
        )
        n_features = sequences.values.shape[2]
        record = FitRecord(
            # The network reads and writes patches of time steps.
            architecture=self._architecture(n_features * patch_size, seed=seed),
            targets=self._decoder_targets(),
            patch_size=patch_size,
            input_layout=sequences.layout,
            sequence_shape=(_common_length(sequences.lengths), n_features),
        )
        networks = build_networks(record.architecture)
        compile_network(
            networks.autoencoder,
            adam(**_select(self._native_params(), "learning_rate", "clipnorm")),
            # Only the composite model weighs several errors.
            loss_weights=(
                record.targets.loss_weights
                if record.targets.objective == "composite"
                else None
            ),
        )
        scaler = fit_scaler(sequences.values, self.scaling)
        return _StartingPoint(record, networks, scaler, {}, 0)

    def _resumed_network(self, *, partial):
        """The fitted network, to train on where it stopped."""
        self._check_network_unchanged(partial=partial)
        networks = self._networks()
        # Moments and step count carry on; the step size is the current one.
        networks.autoencoder.optimizer.learning_rate = float(self.learning_rate)
        return _StartingPoint(
            self._fit_record, networks, self.scaler_, self.history_, self.n_epochs_
        )

    def _set_fitted(self, start, sequences, history, best_epoch, callbacks):
        """Keep the trained network and what training decided and learned."""
        # A network trained on sequences of two lengths decodes neither by default.
        common_length = _common_length(sequences.lengths)
        if common_length != start.record.sequence_shape[0]:
            common_length = None
        self._fit_record = dataclasses.replace(
            start.record,
            input_layout=sequences.layout,
            sequence_shape=(common_length, sequences.values.shape[2]),
        )
        for name, network in zip(NETWORK_ATTRIBUTES, start.networks, strict=True):
            setattr(self, name, network)
        self.history_ = _concatenate_histories(start.history, history, start.n_epochs)
        self.n_epochs_ = start.n_epochs + len(history["loss"])
        self.best_epoch_ = best_epoch
        self.callbacks_ = callbacks
        self.scaler_ = start.scaler
        self.latent_mean_, self.latent_scale_ = self._latent_statistics(sequences)

    def _latent_statistics(self, sequences):
        """Mean and scale of the training sequences' bottleneck vectors.

        None for both unless ``standardize_features``. A dimension that does
        not vary keeps a scale of 1.
        """
        if not self.standardize_features:
            return None, None
        latent = self._encode(sequences.values, sequences.lengths)
        scale = latent.std(axis=0)
        return latent.mean(axis=0), np.where(scale > 0, scale, 1.0)

    def _epoch_plan(self, n_samples):
        """Keras epochs to train on ``n_samples`` sequences, and passes in each.

        ``epochs`` passes, or "auto"'s: about ``AUTO_TRAINING_STEPS`` gradient
        steps in epochs of at least ``AUTO_STEPS_PER_EPOCH``.
        """
        if self.epochs != "auto":
            return int(self.epochs), 1
        steps_per_pass = -(-n_samples // int(self.batch_size))
        passes_per_epoch = -(-AUTO_STEPS_PER_EPOCH // steps_per_pass)
        steps_per_epoch = steps_per_pass * passes_per_epoch
        return max(1, round(AUTO_TRAINING_STEPS / steps_per_epoch)), passes_per_epoch

    def _architecture(self, n_features, *, seed):
        """The network the parameters describe, for ``n_features`` per step."""
        return NetworkArchitecture(
            n_features=n_features,
            seed=seed,
            **_select(
                self._native_params(),
                "latent_dim",
                "encoder_units",
                "decoder_units",
                "activation",
                "bidirectional",
                "bottleneck_state",
                "dropout",
                "recurrent_dropout",
                "input_noise",
                "objective",
                "conditional_decoder",
            ),
        )

    def _decoder_targets(self):
        return DecoderTargets.for_objective(
            **_select(
                self._native_params(),
                "objective",
                "horizon",
                "reverse_target",
                "prediction_weight",
            )
        )

    def _native_params(self):
        """The parameters, with NumPy scalars as the Python numbers Keras expects.

        scikit-learn's validation accepts ``np.int64(3)`` as an integer, as
        ``GridSearchCV`` over ``np.arange`` passes it; Keras layers refuse it.
        """
        return {
            name: _native(value) for name, value in self.get_params(deep=False).items()
        }

    def _check_network_unchanged(self, *, partial):
        """Raise a ValueError if the parameters no longer describe the network."""
        record = self._fit_record
        built = record.architecture
        changes = _changed_fields(
            built, self._architecture(built.n_features, seed=built.seed)
        )
        changes.update(_changed_fields(record.targets, self._decoder_targets()))
        # "auto" keeps the patch size it chose; a number must be the same.
        if self.patch_size not in ("auto", record.patch_size):
            changes["patch_size"] = (record.patch_size, self.patch_size)
        if changes:
            changed = ", ".join(
                f"{name} from {before!r} to {after!r}"
                for name, (before, after) in changes.items()
            )
            how, remedy = (
                ("warm_start=True", "Set warm_start=False to train a new network.")
                if self.warm_start and not partial
                else ("partial_fit", "Call fit to train a new network.")
            )
            raise ValueError(
                f"{how} trains the fitted network on, but {changed} since it was "
                f"built. {remedy}"
            )

    def _training_data(self, start, sequences):
        """Network input, lengths and decoder targets, for ``train_network``."""
        inputs = _network_input(start.scaler, sequences.values)
        _warn_if_values_merged(sequences, inputs)
        targets = start.record.targets
        split = targets.split(inputs, sequences.lengths)
        decoder_targets = dict(split.targets)
        if targets.reverse_target:
            values, target_lengths = decoder_targets["reconstruction"]
            decoder_targets["reconstruction"] = (
                reverse_each(values, target_lengths),
                target_lengths,
            )
        return TrainingData(inputs, split.encoder_lengths, decoder_targets)

    def _hold_out(self, sequences):
        """Split sequences at random into training and validation sets."""
        n_samples = len(sequences.values)
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
            sequences._replace(
                values=sequences.values[training], lengths=sequences.lengths[training]
            ),
            sequences._replace(
                values=sequences.values[validation],
                lengths=sequences.lengths[validation],
            ),
        )

    # Reading input

    def _validate_sequences(self, X, *, reset):
        """Read ``X`` once; keep or check scikit-learn's bookkeeping of columns.

        With ``reset``, set ``n_features_in_`` (the longest sequence's length,
        the number of columns scikit-learn sees in a 2-D ``X``) and
        ``feature_names_in_``; otherwise check ``X`` against the fitted ones.
        """
        if not reset:
            check_is_fitted(self)
        sequences = read_sequences(X)
        # A 2-D X is a scikit-learn feature matrix: after a 2-D fit, its
        # columns are checked as scikit-learn does, names and number. Other
        # layouts take sequences of any length. read_sequences has converted
        # and checked the values; validate_data only keeps the bookkeeping.
        is_array = sequences.layout in ("2d", "3d")
        if is_array and (
            reset or (self.input_layout_ == "2d" and sequences.layout == "2d")
        ):
            validate_data(self, X, reset=reset, skip_check_array=True)
        else:
            check_feature_names(self, X, reset=reset)
        n_features = sequences.values.shape[2]
        if reset:
            self.n_features_in_ = sequences.values.shape[1]
            _warn_if_channels_first(sequences)
        elif n_features != self.sequence_shape_[1]:
            raise ValueError(
                f"X holds sequences of {n_features} feature(s) per step, "
                f"but {type(self).__name__} was fitted on sequences of "
                f"{self.sequence_shape_[1]} feature(s)."
            )
        return sequences

    def _read_validation_sequences(self, X_val, sequences):
        """Read ``X_val``, which must have the features of ``sequences``."""
        validation = read_sequences(X_val, name="X_val")
        n_features = sequences.values.shape[2]
        if validation.values.shape[2] != n_features:
            raise ValueError(
                f"X_val holds sequences of {validation.values.shape[2]} feature(s) "
                f"per step, but X holds sequences of {n_features}; they must match."
            )
        return validation

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
        given = np.asarray(lengths)
        if given.dtype.kind not in "iu":
            raise ValueError(
                f"lengths must be integers, one per vector of X or one for all; "
                f"got values of dtype {given.dtype}: {lengths!r}."[:300]
            )
        if given.ndim > 1 or given.size not in (1, n_samples):
            raise ValueError(
                f"lengths must be one integer, or one per vector of X "
                f"({n_samples}); got an array of shape {given.shape}."
            )
        # Signed, so that arithmetic on lengths cannot wrap around.
        lengths = np.broadcast_to(given.astype(np.int64), (n_samples,))
        if (lengths < 1).any():
            # Unsigned lengths of 2**63 or more wrap to negative ones here.
            index = int(np.flatnonzero(lengths < 1)[0])
            raise ValueError(
                f"lengths must be positive (and below 2**63); got "
                f"{given.reshape(-1)[index if given.size > 1 else 0]} for vector "
                f"{index} of X."
            )
        return lengths

    # Running the fitted network

    def _features(self, values, lengths):
        """What ``transform`` returns: bottleneck vectors, standardized if asked."""
        latent = self._encode(values, lengths)
        if self.latent_mean_ is None:
            return latent
        return (latent - self.latent_mean_) / self.latent_scale_

    def _latent(self, features):
        """Undo :meth:`_features`'s standardization: bottleneck vectors again."""
        if self.latent_mean_ is None:
            return features
        return features * self.latent_scale_ + self.latent_mean_

    def _encode(self, values, lengths):
        """Bottleneck vectors of NaN-padded sequences, each read up to its length."""
        return self._predict(
            self.encoder_, lengths, sequences=_network_input(self.scaler_, values)
        )

    def _decode(self, latent, lengths, *, output, dtype, like=None):
        """Decode bottleneck vectors into padded sequences in the caller's units.

        The decoder of ``output`` runs for ``lengths`` steps, its output is put
        back in time order and unscaled (per-series scaling only given the
        original sequences ``like``). Returns a 3-D array of ``dtype``.
        """
        network = (
            self.decoder_ if output == "reconstruction" else self.prediction_decoder_
        )
        decoded = self._predict(
            network,
            lengths,
            latent=_as_float32(
                latent,
                "X, the bottleneck vectors,",
                "transform gives vectors of magnitude about 1 to 10.",
            ),
        )
        if output == "reconstruction" and self._fit_record.targets.reverse_target:
            decoded = reverse_each(decoded, lengths)
        return unscale(self.scaler_, decoded.astype(dtype, copy=False), like=like)

    def _decoded_from(self, sequences, output, n_steps):
        """Encode read sequences and decode ``n_steps`` of ``output`` each.

        In the units, layout and dtype of the caller's sequences.
        """
        values = sequences.values
        decoded = self._decode(
            self._encode(values, sequences.lengths),
            n_steps,
            output=output,
            dtype=values.dtype,
            like=values,
        )
        return unpad(decoded, n_steps, sequences.layout)

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

    def _squared_errors(self, sequences):
        """Each decoder's squared error on ``sequences``, value by value.

        Returns a dict of output name to :class:`_DecoderErrors`, in the order
        of ``OUTPUTS`` (the reconstruction first).
        """
        values = sequences.values
        targets = self._fit_record.targets
        split = targets.split(values, sequences.lengths)
        latent = self._encode(values, split.encoder_lengths)
        errors = {}
        for name, weight in targets.loss_weights.items():
            target, target_lengths = split.targets[name]
            decoded = self._decode(
                latent, target_lengths, output=name, dtype=values.dtype, like=values
            )
            n_steps = decoded.shape[1]
            real = step_mask(target_lengths, n_steps)[:, :, np.newaxis]
            differences = np.where(real, decoded - target[:, :n_steps], np.nan)
            with np.errstate(over="ignore", under="ignore"):
                squared = differences**2
            _check_squares(squared, differences)
            # A reconstruction starts at each sequence's first step, a
            # prediction ends at its last.
            first_step = (
                np.zeros_like(target_lengths)
                if name == "reconstruction"
                else sequences.lengths - target_lengths
            )
            errors[name] = _DecoderErrors(weight, squared, first_step)
        return errors

    def _reconstruction_scores(self, X):
        """Minus each sequence's mean squared error, at the training objective."""
        return self._sequence_scores(self._validate_sequences(X, reset=False))

    def _sequence_scores(self, sequences):
        """:meth:`_reconstruction_scores` of sequences read already."""
        errors = np.zeros(len(sequences.values), sequences.values.dtype)
        for decoder in self._squared_errors(sequences).values():
            errors += decoder.weight * np.nanmean(decoder.squared, axis=(1, 2))
        return -errors

    def _step_errors(self, sequences):
        """Each time step's squared error, averaged over its features.

        Returns an array ``(n_samples, n_timesteps)`` in the units of the
        input: each step's error is that of the decoder that outputs it, the
        reconstruction decoder's where both do; NaN at steps that no decoder
        outputs and after each sequence's end.
        """
        n_samples, n_timesteps = sequences.values.shape[:2]
        steps = np.full((n_samples, n_timesteps), np.nan, sequences.values.dtype)
        for decoder in self._squared_errors(sequences).values():
            per_step = decoder.squared.mean(axis=2)
            n_outputs = per_step.shape[1]
            # The decoder's output step of each time step, where it has one.
            output_step = np.arange(n_timesteps) - decoder.first_step[:, np.newaxis]
            outputs = (output_step >= 0) & (output_step < n_outputs)
            placed = np.take_along_axis(
                per_step, np.clip(output_step, 0, n_outputs - 1), axis=1
            )
            # The reconstruction comes first and keeps the steps it has.
            steps = np.where(np.isnan(steps) & outputs, placed, steps)
        return steps

    def _networks(self):
        return LSTMAutoencoderNetworks(
            *(getattr(self, name) for name in NETWORK_ATTRIBUTES)
        )

    # scikit-learn's protocols

    def save(self, path):
        """Write the fitted estimator to a model file that loads without running code.

        The file holds the parameters, what the fit decided, the scaler's
        statistics, the training history and the network's weights and
        optimizer state, as JSON and plain arrays; nothing in it is pickled.
        :func:`~sklearn_lstmae.load_model` reads it back, under any Keras
        backend, into an estimator that transforms, scores and resumes
        training as this one does. ``callbacks`` are Python objects and are
        not saved. Prefer it to pickle or joblib for a file that may come
        from someone else, or that should outlive this Python environment:
        loading a pickle can run any code, and pickles of one version of a
        library are not promised to load in the next.

        Parameters
        ----------
        path : str or path-like
            Where to write, as given (no extension is added); the examples
            use ``.lstmae``.

        Examples
        --------
        >>> import os, tempfile
        >>> import numpy as np
        >>> from sklearn_lstmae import LSTMAutoencoderTransformer, load_model
        >>> X = np.sin(np.linspace(0, 3, 8) + np.arange(6)[:, None])
        >>> ae = LSTMAutoencoderTransformer(latent_dim=2, epochs=1, random_state=0)
        >>> path = os.path.join(tempfile.mkdtemp(), "model.lstmae")
        >>> ae.fit(X).save(path)
        >>> np.allclose(load_model(path).transform(X), ae.transform(X))
        True
        """
        check_is_fitted(self)
        from ._model_file import save

        save(self, path)

    def __getstate__(self):
        return strip_networks(super().__getstate__())

    @quiet_tensorflow()
    def __setstate__(self, state):
        state = dict(state)
        saved = state.pop(NETWORK_STATE, None)
        super().__setstate__(state)
        if saved is not None:
            networks = restore_networks(self._fit_record.architecture, saved)
            for name, network in zip(NETWORK_ATTRIBUTES, networks, strict=True):
                setattr(self, name, network)

    def __sklearn_is_fitted__(self):
        # Validation sets n_features_in_ before training; only a trained
        # network makes a fitted estimator.
        return hasattr(self, "autoencoder_")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        return tags


def _warn_if_channels_first(sequences):
    """Warn when a 3-D array may hold channels first, as aeon's and sktime's do.

    More features than time steps is rare in sequences, and is what aeon's
    ``(n_samples, n_channels, n_timesteps)`` looks like when read as ours.
    """
    _, n_timesteps, n_features = sequences.values.shape
    if sequences.layout == "3d" and n_features > n_timesteps:
        warnings.warn(
            f"X is read as sequences of {n_timesteps} time steps with "
            f"{n_features} features each, more features than steps. If its "
            f"axes are (n_samples, n_channels, n_timesteps), as aeon and sktime "
            f"give them, pass sklearn_lstmae.channels_last(X) instead.",
            UserWarning,
            stacklevel=4,
        )


# At most about this many values per feature are checked for merging.
_MERGE_CHECK_VALUES = 100_000


def _warn_if_values_merged(sequences, inputs):
    """Warn when scaling made most of a feature's distinct values equal.

    A few values far larger than the rest (one entry at 1e300 among values
    of order 1) set the scale: the others then scale to one float32 number,
    and the network cannot tell them apart. Nothing overflows, so no error
    says so.
    """
    # The first sequences tell, and bound the cost on large data.
    n_checked = max(1, _MERGE_CHECK_VALUES // sequences.values.shape[1])
    real = step_mask(sequences.lengths[:n_checked], sequences.values.shape[1])
    for feature in range(sequences.values.shape[2]):
        given = np.unique(sequences.values[:n_checked, :, feature][real])
        scaled = np.unique(inputs[:n_checked, :, feature][real])
        if len(given) >= 10 and len(scaled) < len(given) / 2:
            warnings.warn(
                f"Once scaled, the {len(given)} distinct values of feature "
                f"{feature} fall on {len(scaled)} distinct float32 numbers, in "
                f"which the network computes: a few values far from the rest "
                f"(from {given[0]:.3g} to {given[-1]:.3g}) set the scale, and "
                f"the network cannot tell the others apart. Remove or clip "
                f"those values.",
                UserWarning,
                stacklevel=5,
            )


def _native(value):
    """A NumPy scalar as a Python one, in tuples and lists too; others as given."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (tuple, list)):
        return type(value)(_native(element) for element in value)
    return value


def _select(params, *names):
    return {name: params[name] for name in names}


def _network_input(scaler, values):
    """Scaled sequences as the network reads them: float32, zeros for NaN."""
    # Keras computes in float32 whatever the input; convert once, here.
    # Padding is masked, but NaN would still poison the arithmetic.
    advice = (
        "Scale X down, or let scaling='standard' scale it."
        if scaler is None
        else "These are values far larger than the training data's; they cannot "
        "be encoded by this network."
    )
    scaled = _as_float32(scale(scaler, values), "X, once scaled,", advice)
    return np.nan_to_num(scaled, nan=0.0)


def _as_float32(values, name, advice):
    """``values`` in float32, the network's precision; refuse what overflows it.

    A value beyond float32's range would become infinity, and the network's
    output NaN.
    """
    largest = np.nanmax(np.abs(values), initial=0)
    if largest > np.finfo(np.float32).max:
        raise ValueError(
            f"{name} holds values of magnitude up to {largest:.3g}, beyond the "
            f"range of float32 ({np.finfo(np.float32).max:.3g}) in which the "
            f"network computes. {advice}"
        )
    return values.astype(np.float32, copy=False)


def _check_squares(squared, differences):
    """Refuse squared errors that overflowed or underflowed their dtype.

    They would make scores infinite, or equal for sequences that differ.
    """
    for wrong, how, size in (
        (np.isinf(squared), "overflows", "large"),
        ((squared == 0) & (differences != 0), "underflows to 0 in", "small"),
    ):
        if wrong.any():
            sample, step, _ = np.argwhere(wrong)[0]
            raise ValueError(
                f"The squared error of sample {sample} at time index {step} {how} "
                f"{squared.dtype.name}: X holds values too {size} to square in "
                f"it. Rescale X (multiply it by a power of ten)"
                + (", or pass float64 values." if squared.dtype != np.float64 else ".")
            )


def _common_length(lengths):
    """The length all sequences share, or None if they differ."""
    return int(lengths[0]) if (lengths == lengths[0]).all() else None


def _changed_fields(before, after):
    """Fields of two records of one dataclass that differ: name to both values."""
    return {
        field.name: (getattr(before, field.name), getattr(after, field.name))
        for field in dataclasses.fields(before)
        if getattr(before, field.name) != getattr(after, field.name)
    }


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
