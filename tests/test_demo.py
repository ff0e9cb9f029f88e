"""The demo command: the main job on the shipped dataset."""

import re
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_demo_prints_scores_for_both_methods_and_no_chatter():
    result = subprocess.run(
        [sys.executable, "-m", "sklearn_lstmae.demo", "--epochs", "2"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = re.findall(
        r"^(.+?)\s+(-?\d\.\d{3})\s+(-?\d\.\d{3})\s+\d+\.\d$", result.stdout, re.M
    )
    assert [row[0] for row in rows] == [
        "KMeans on raw series",
        "LSTM autoencoder + KMeans",
    ]
    assert all(-1 <= float(ari) <= 1 and 0 <= float(nmi) <= 1 for _, ari, nmi in rows)
    assert "oneDNN" not in result.stderr
