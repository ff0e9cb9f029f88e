"""Settings for a network that trains in a fraction of a second.

Unit tests check behaviour, not learning; the few that need real training are
marked slow and set their own sizes.
"""

TINY = {"latent_dim": 3, "encoder_units": 8, "decoder_units": 8, "epochs": 2}
