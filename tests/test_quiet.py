"""The filters that keep TensorFlow's start-up chatter and its retracing
warning about the library's own predict functions out of the output."""

import logging
import os
import pickle
import subprocess
import sys
import threading

import keras
import numpy as np
import pytest
from sklearn.model_selection import cross_val_score

from sklearn_lstmae import LSTMAutoencoderTransformer
from sklearn_lstmae._quiet import each_network_traces_once, quiet_tensorflow


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
    assert _stderr_lines(script) == ["<string>:7: UserWarning: a real warning"]


def _stderr_lines(script, **environment):
    """What ``python -c script`` writes to stderr, at TensorFlow's default level."""
    environment = {
        **{k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"},
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr.strip().splitlines()


@pytest.mark.parametrize("backend", ["tensorflow", "jax"])
def test_a_pickled_model_loads_in_a_fresh_process_without_chatter(tmp_path, backend):
    pytest.importorskip(backend)
    X = np.random.default_rng(0).random((10, 6))
    model = LSTMAutoencoderTransformer(
        2, encoder_units=4, decoder_units=4, epochs=1, random_state=0
    ).fit(X)
    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps(model))
    np.save(tmp_path / "X.npy", X)
    script = (
        "import pickle, warnings, numpy as np\n"
        f"model = pickle.loads(open({str(path)!r}, 'rb').read())\n"
        f"model.transform(np.load({str(tmp_path / 'X.npy')!r}))\n"
        "warnings.warn('a real warning')\n"
    )
    assert _stderr_lines(script, KERAS_BACKEND=backend) == [
        "<string>:4: UserWarning: a real warning"
    ]


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def tensorflow_log():
    """What TensorFlow's logger lets through while the test runs."""
    records = _Records()
    logger = logging.getLogger("tensorflow")
    logger.addHandler(records)
    yield records.messages
    logger.removeHandler(records)


@pytest.mark.skipif(
    keras.backend.backend() != "tensorflow", reason="TensorFlow's tf.function"
)
def test_fitting_many_networks_warns_of_no_retracing(tensorflow_log):
    X = np.sin(np.linspace(0, 6, 20) + np.random.default_rng(0).uniform(0, 6, (60, 1)))
    transformer = LSTMAutoencoderTransformer(
        3, encoder_units=8, decoder_units=8, epochs=1, bidirectional=False
    )
    # Six networks, each tracing its train and predict functions: TensorFlow
    # warned at five.
    cross_val_score(transformer, X, cv=6)
    assert not [m for m in tensorflow_log if "retracing" in m]


def test_other_tensorflow_warnings_pass_the_retracing_filter(tensorflow_log):
    logger = logging.getLogger("tensorflow")
    with each_network_traces_once():
        logger.warning("a real warning")
        logger.warning(
            "5 calls to <function user_step> triggered tf.function retracing"
        )
        logger.warning(
            "5 calls to <function TensorFlowTrainer.make_predict_function.<locals>."
            "one_step_on_data_distributed> triggered tf.function retracing"
        )
    logger.warning(
        "6 calls to <function TensorFlowTrainer.make_predict_function.<locals>."
        "one_step_on_data_distributed> triggered tf.function retracing"
    )
    assert tensorflow_log == [
        "a real warning",
        "5 calls to <function user_step> triggered tf.function retracing",
        # Outside the library's calls, the warning passes.
        "6 calls to <function TensorFlowTrainer.make_predict_function.<locals>."
        "one_step_on_data_distributed> triggered tf.function retracing",
    ]
