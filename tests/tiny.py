"""Settings for a network that trains in a fraction of a second.

Unit tests check behaviour, not learning; the few that need real training are
marked slow and set their own sizes.
"""

# One direction: half the encoder of the default, and behaviour is the same.
TINY = {
    "latent_dim": 3,
    "encoder_units": 8,
    "decoder_units": 8,
    "epochs": 2,
    "bidirectional": False,
}
