"""Wrapper overhead: LSTMAutoencoderTransformer against the same network in plain Keras.

Both sides fit and transform the same data with the same network, optimizer,
batch size and epochs; the plain side is written as the tutorial writes it (a
Sequential model, ``fit(X, X, shuffle=True)``, an encoder model cut out of it).
Rounds alternate which side goes first, so that drift of a shared machine hits
both; the result is the ratio of median wall times, measured in one run.

Run from the repository root::

    python benchmarks/bench_overhead.py [--rounds 5] [--epochs 10]
"""

import argparse
import statistics
import time

import numpy as np
from common import describe_machine, recorded_command

from sklearn_lstmae._quiet import quiet_tensorflow
from sklearn_lstmae.datasets import load_italy_power_demand

SETTINGS = {"latent_dim": 8, "units": 64, "batch_size": 32, "learning_rate": 1e-3}


def plain_keras(X, epochs):
    """The tutorial's way, with the wrapper's scaling and optimizer."""
    import keras
    from keras import layers

    n_timesteps = X.shape[1]
    sequences = X[:, :, np.newaxis]
    mean, std = sequences.mean(), sequences.std()
    scaled = ((sequences - mean) / std).astype(np.float32)
    model = keras.Sequential(
        [
            keras.Input((n_timesteps, 1)),
            layers.LSTM(SETTINGS["units"]),
            layers.Dense(SETTINGS["latent_dim"]),
            layers.RepeatVector(n_timesteps),
            layers.LSTM(SETTINGS["units"], return_sequences=True),
            layers.TimeDistributed(layers.Dense(1)),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(SETTINGS["learning_rate"], clipnorm=1.0),
        loss="mse",
    )
    model.fit(
        scaled,
        scaled,
        epochs=epochs,
        batch_size=SETTINGS["batch_size"],
        shuffle=True,
        verbose=0,
    )
    encoder = keras.Model(model.inputs, model.layers[1].output)
    return encoder.predict(scaled, batch_size=256, verbose=0)


def wrapper(X, epochs):
    """The same network through the estimator."""
    from sklearn_lstmae import LSTMAutoencoderTransformer

    return LSTMAutoencoderTransformer(
        SETTINGS["latent_dim"],
        encoder_units=SETTINGS["units"],
        decoder_units=SETTINGS["units"],
        # The tutorial's network, not the estimator's defaults: one direction,
        # read step by step.
        bidirectional=False,
        patch_size=1,
        epochs=epochs,
        batch_size=SETTINGS["batch_size"],
        learning_rate=SETTINGS["learning_rate"],
        random_state=0,
    ).fit_transform(X)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args()

    with quiet_tensorflow():
        X, _ = load_italy_power_demand(return_X_y=True)
        sides = {"plain Keras": plain_keras, "sklearn-lstmae": wrapper}
        # Warm-up: TensorFlow's first fit pays one-off start-up costs.
        for run in sides.values():
            run(X[:64], epochs=1)
        seconds = {name: [] for name in sides}
        for round_ in range(args.rounds):
            order = list(sides) if round_ % 2 == 0 else list(reversed(sides))
            for name in order:
                start = time.perf_counter()
                sides[name](X, epochs=args.epochs)
                seconds[name].append(time.perf_counter() - start)

    medians = {name: statistics.median(times) for name, times in seconds.items()}
    ratio = medians["sklearn-lstmae"] / medians["plain Keras"]
    print(f"Machine: {describe_machine()}")
    print(f"Command: {recorded_command()}")
    print(
        f"Data: ItalyPowerDemand, {X.shape[0]} x {X.shape[1]} steps; "
        f"{args.epochs} epochs, {args.rounds} rounds, settings {SETTINGS}"
    )
    print("| side | median fit + transform (s) | all rounds (s) |")
    print("|---|---|---|")
    for name, times in seconds.items():
        rounds = ", ".join(f"{t:.2f}" for t in times)
        print(f"| {name} | {medians[name]:.2f} | {rounds} |")
    print(f"Overhead ratio (sklearn-lstmae / plain Keras): {ratio:.3f}")


if __name__ == "__main__":
    main()
