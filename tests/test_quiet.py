"""The filter that keeps TensorFlow's start-up chatter out of stderr."""

import os
import subprocess
import sys
import threading

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


def test_nested_and_concurrent_blocks_restore_stderr_once(capfd):
    entered = threading.Barrier(2)

    def filtered_write(message):
        with quiet_tensorflow():
            entered.wait()
            os.write(2, message)

    with quiet_tensorflow():
        worker = threading.Thread(target=filtered_write, args=(b"I0 chatter\n",))
        worker.start()
        entered.wait()
        worker.join()
        os.write(2, b"inside\n")
    os.write(2, b"I0 after the blocks, not filtered\n")
    captured = capfd.readouterr().err
    assert captured == "inside\nI0 after the blocks, not filtered\n"


def test_asking_for_tensorflow_info_turns_the_filter_off(capfd, monkeypatch):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "0")
    with quiet_tensorflow():
        os.write(2, b"I0000 00:00:17 123 port.cc:153] oneDNN custom operations\n")
    assert "oneDNN" in capfd.readouterr().err


def test_import_and_fit_print_no_tensorflow_chatter():
    script = (
        "import warnings, numpy as np\n"
        "from sklearn_lstmae import LSTMAutoencoderTransformer\n"
        "X = np.random.default_rng(0).random((10, 6))\n"
        "ae = LSTMAutoencoderTransformer(2, encoder_units=4, decoder_units=4,\n"
        "                                epochs=1).fit(X)\n"
        "ae.inverse_transform(ae.transform(X))\n"
        "warnings.warn('a real warning')\n"
    )
    environment = {
        name: value
        for name, value in os.environ.items()
        if name != "TF_CPP_MIN_LOG_LEVEL"
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stderr.strip().splitlines() == [
        "<string>:7: UserWarning: a real warning"
    ]
