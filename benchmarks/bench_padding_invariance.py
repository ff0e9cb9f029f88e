"""Padding invariance: how much a sequence's vector and score move with its padding.

Each of 24 sequences (6 to 20 steps) is encoded twice: in a batch of its own
kind, cut to 20 steps, and together with a 60-step sequence, which pads it to
60 steps inside the network. Masking should make both identical. Reported:
the largest difference of bottleneck values and the largest relative
difference of ``score_samples``, univariate and with 3 features, for a tiny
network and at the defaults.

Run from the repository root::

    python benchmarks/bench_padding_invariance.py
"""

import numpy as np
from common import describe_machine, recorded_command

from sklearn_lstmae._quiet import quiet_tensorflow

CONFIGURATIONS = {
    "tiny": {"latent_dim": 3, "encoder_units": 8, "decoder_units": 8, "epochs": 2},
    "defaults": {},
}


def ragged_sines(n_features, seed=0):
    """24 noisy sines of 6 to 20 steps, and one of 60 steps."""
    rng = np.random.default_rng(seed)
    sequences = [
        np.sin(np.linspace(0, 3, length))[:, np.newaxis]
        + 0.1 * rng.standard_normal((length, n_features))
        for length in rng.integers(6, 21, size=24)
    ]
    return sequences, rng.standard_normal((60, n_features))


def main():
    print(f"Machine: {describe_machine()}")
    print(f"Command: {recorded_command()}")
    with quiet_tensorflow():
        from sklearn_lstmae import LSTMAutoencoderTransformer

        print(
            "features  network    max |vector change|  max |vector|  max score change"
        )
        for n_features in (1, 3):
            sequences, sixty_steps = ragged_sines(n_features)
            for name, params in CONFIGURATIONS.items():
                transformer = LSTMAutoencoderTransformer(**params, random_state=0)
                transformer.fit(sequences)
                alone = transformer.transform(sequences)
                padded = transformer.transform([*sequences, sixty_steps])[:-1]
                scores = transformer.score_samples(sequences)
                padded_scores = transformer.score_samples([*sequences, sixty_steps])
                score_change = np.abs(padded_scores[:-1] - scores) / np.abs(scores)
                print(
                    f"{n_features:>8}  {name:<9}{np.abs(padded - alone).max():>21.2e}"
                    f"{np.abs(alone).max():>14.2f}{score_change.max():>18.2e}"
                )


if __name__ == "__main__":
    main()
