"""Sweep of ``patch_size="auto"``'s target: bench_quality.py with another target.

``patch_size="auto"`` reads a training sequence of median length in about
``AUTO_PATCHES_PER_SEQUENCE`` patches. This runs ``bench_quality.py`` with
that target set to ``--patches-per-sequence``, to choose it; every other
argument goes to ``bench_quality.py`` as is. Include ``"patch_size": "auto"``
in ``--params``.

Run from the repository root::

    python benchmarks/sweep_patches.py --patches-per-sequence 32 -- \\
        --seeds 2 --skip-baselines --params '{"patch_size": "auto"}' \\
        --output /tmp/sweep/p32.json
"""

import argparse
import sys

import bench_quality

from sklearn_lstmae import _patches


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patches-per-sequence", type=int, required=True)
    parser.add_argument("bench_quality_arguments", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    _patches.AUTO_PATCHES_PER_SEQUENCE = args.patches_per_sequence
    remaining = args.bench_quality_arguments
    if remaining[:1] == ["--"]:
        remaining = remaining[1:]
    sys.argv = [bench_quality.__file__, *remaining]
    bench_quality.main()


if __name__ == "__main__":
    main()
