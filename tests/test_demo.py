"""The demo command: the main job on the shipped dataset."""

import re
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_demo_compares_the_features_with_the_baselines_and_no_chatter():
    result = subprocess.run(
        [sys.executable, "-m", "sklearn_lstmae.demo", "--epochs", "2"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = {
        name: scores.split()
        for name, scores in re.findall(
            r"^(.+? series|LSTM autoencoder features)\s+(.+?)\s+\d+\.\d$",
            result.stdout,
            re.M,
        )
    }
    assert rows["KMeans on raw series"][2] == "-"
    # Deterministic, and the archive's published 1-NN Euclidean accuracy.
    assert rows["1-NN Euclidean on raw series"] == ["-", "-", "0.955"]
    ari, nmi, accuracy = map(float, rows["LSTM autoencoder features"])
    assert -1 <= ari <= 1
    assert 0 <= nmi <= 1
    assert 0 <= accuracy <= 1
    # With tslearn installed (the benchmark extra) DTW runs; else it says why not.
    assert "TimeSeriesKMeans (DTW) on raw series" in result.stdout
    assert "oneDNN" not in result.stderr
