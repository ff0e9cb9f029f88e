"""Damaged versions of a file's bytes, for tests of what readers do with them."""


def mutations(data, rng, n):
    """Truncations, bit flips, zeroed spans and random bytes of ``data``."""
    yield "zero-length", b""
    for _ in range(n):
        kind = str(rng.choice(["truncated", "bit-flipped", "zeroed", "random bytes"]))
        if kind == "truncated":
            yield kind, data[: rng.integers(1, len(data))]
        elif kind == "bit-flipped":
            mutated = bytearray(data)
            for position in rng.integers(0, len(data), size=rng.integers(1, 4)):
                mutated[position] ^= 1 << rng.integers(0, 8)
            yield kind, bytes(mutated)
        elif kind == "zeroed":
            start = rng.integers(0, len(data))
            stop = min(len(data), start + rng.integers(1, 64))
            mutated = bytearray(data)
            mutated[start:stop] = bytes(stop - start)
            yield kind, bytes(mutated)
        else:
            yield kind, rng.bytes(rng.integers(1, 2 * len(data)))
