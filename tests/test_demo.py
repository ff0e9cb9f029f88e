"""The demo command and the filter that keeps TensorFlow's chatter out of it."""

import os
import re
import subprocess
import sys

import pytest

from sklearn_lstmae._quiet import quiet_tensorflow


def test_quiet_tensorflow_drops_chatter_and_keeps_real_messages(capfd):
    with quiet_tensorflow():
        os.write(2, b"I0000 00:00:17 123 port.cc:153] oneDNN custom operations\n")
        # TensorFlow 2.18 and older write a timestamp first.
        os.write(2, b"2026-11-30 21:09:49.02: I tensorflow/port.cc:153] oneDNN\n")
        os.write(2, b"E0000 00:00:17 123 cuda_driver.cc:152] failed call to cuInit\n")
        os.write(2, b"W0000 00:00:17 123 something.cc:1] a real warning\n")
        print("a Python warning", file=sys.stderr)
    captured = capfd.readouterr().err
    assert "oneDNN" not in captured
    assert "cuInit" not in captured
    assert "a real warning" in captured
    assert "a Python warning" in captured


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
