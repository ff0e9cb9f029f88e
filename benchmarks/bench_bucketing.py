"""Bucketing: time per epoch, lengths 10 to 1,000, against padding to the longest.

The estimator batches sequences of similar length and cuts each batch to its
longest sequence (``sklearn_lstmae/_batching.py``). The baseline is the usual
Keras way: batches in random order, every sequence padded to the longest in
the dataset (here 1,000 steps), the padding masked; the library trains so
with ``TrainingSettings(bucketing=False)``. Both train the same network, from
the same weights, on the same sequences; only the batching differs. Rounds
alternate which side goes first.

Epoch 1 includes tracing: TensorFlow builds a graph per batch shape, and
bucketing has more shapes. Later epochs show the steady cost.

Run from the repository root::

    python benchmarks/bench_bucketing.py [--rounds 2] [--epochs 4]
"""

import argparse
import statistics
import time

import numpy as np
from common import describe_machine, recorded_command

from sklearn_lstmae._quiet import quiet_tensorflow

N_SEQUENCES = 1024
MIN_LENGTH, MAX_LENGTH = 10, 1000
BATCH_SIZE = 32


def make_sequences(seed=0):
    """Noisy sines of uniformly random lengths, padded with zeros, and lengths."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(MIN_LENGTH, MAX_LENGTH + 1, size=N_SEQUENCES)
    X = np.zeros((N_SEQUENCES, MAX_LENGTH, 1), dtype=np.float32)
    for row, length in zip(X, lengths, strict=True):
        steps = np.arange(length)
        row[:length, 0] = np.sin(
            steps / rng.uniform(5, 50)
        ) + 0.1 * rng.standard_normal(length)
    return X, lengths


def time_epochs(X, lengths, epochs, *, bucketing):
    """Seconds of each epoch of a fresh network trained to reconstruct X."""
    # Imported on the first call, inside main's quiet_tensorflow block, which
    # filters the chatter TensorFlow prints as it loads.
    import keras

    from sklearn_lstmae._network import build_lstm_autoencoder
    from sklearn_lstmae._training import (
        TrainingData,
        TrainingSettings,
        adam,
        compile_network,
        train_network,
    )

    class EpochTimer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.seconds = []

        def on_epoch_begin(self, epoch, logs=None):
            self._start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.seconds.append(time.perf_counter() - self._start)

    # The same seed on both sides: the same initial weights.
    networks = build_lstm_autoencoder(
        None, 1, latent_dim=8, encoder_units=64, decoder_units=64, seed=0
    )
    compile_network(networks.autoencoder, adam(learning_rate=1e-3, clipnorm=1.0))
    timer = EpochTimer()
    train_network(
        networks.autoencoder,
        TrainingData(
            inputs=X, lengths=lengths, targets={"reconstruction": (X, lengths)}
        ),
        TrainingSettings(
            epochs=epochs, batch_size=BATCH_SIZE, seed=0, bucketing=bucketing
        ),
        callbacks=[timer],
    )
    return timer.seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=4)
    args = parser.parse_args()
    X, lengths = make_sequences()
    print(f"Machine: {describe_machine()}")
    print(f"Command: {recorded_command()}")
    print(
        f"{N_SEQUENCES} sequences of {MIN_LENGTH} to {MAX_LENGTH} steps "
        f"(mean {lengths.mean():.0f}), batch {BATCH_SIZE}, LSTM 64 units, latent 8"
    )
    sides = {"bucketed": True, "padded to longest": False}
    first_epochs = {side: [] for side in sides}
    later_epochs = {side: [] for side in sides}
    with quiet_tensorflow():
        for round_index in range(args.rounds):
            order = list(sides) if round_index % 2 == 0 else list(sides)[::-1]
            for side in order:
                seconds = time_epochs(X, lengths, args.epochs, bucketing=sides[side])
                first_epochs[side].append(seconds[0])
                later_epochs[side].extend(seconds[1:])
                epochs = ", ".join(f"{s:.1f}" for s in seconds)
                print(f"round {round_index + 1}: {side:<18} epochs {epochs} s")
    print(f"\n{'batching':<20}{'epoch 1 (s)':>12}{'later epochs, median (s)':>26}")
    for side in sides:
        print(
            f"{side:<20}{statistics.median(first_epochs[side]):>12.1f}"
            f"{statistics.median(later_epochs[side]):>26.2f}"
        )
    ratio = statistics.median(later_epochs["bucketed"]) / statistics.median(
        later_epochs["padded to longest"]
    )
    print(f"\ntime per epoch, bucketed / padded to longest: {ratio:.3f}")


if __name__ == "__main__":
    main()
