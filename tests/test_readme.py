"""The README is code: its quick start is what CI runs, and its Python blocks
run in order, in one namespace, with the numbers they state."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text()


def _quick_start_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_quick_start_has_exactly_two_commands():
    commands = _quick_start_commands()
    assert len(commands) == 2
    assert "sklearn_lstmae.demo" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert _quick_start_commands()[1] in ci_lines


# What each block states, checked right after it runs: the key is a line of
# the block. The stated numbers come from fresh processes; TensorFlow's
# threaded reductions may move a trained network's last digits between
# processes, so numbers from training hold within a tolerance.


def _usage(ns):
    # "0.965": seeds 0 to 4 gave 0.964 to 0.968 (probe_italy_power.py).
    assert ns["clf"].score(ns["X_test"], ns["y_test"]) == pytest.approx(0.965, abs=0.01)
    assert ns["Z"].shape == (1029, 16)
    assert sorted(set(ns["clusters"])) == [0, 1]
    assert ns["X_rebuilt"].shape == (1029, 24)
    assert ns["errors"].shape == (1029,)


def _tutorial_reconstruction(ns):
    # "0.0093"
    assert np.abs(ns["X_rebuilt"] - ns["X"]).max() < 1.5 * 0.0093


def _tutorial_prediction(ns):
    X = ns["X"]
    forecast = ns["predictor"].forecast(X)[0, :, 0]
    # "0.2, 0.3, ..., 0.9 within 0.016, then 0.967"
    assert np.abs(forecast[:-1] - X[0, 1:, 0]).max() < 1.5 * 0.016
    assert forecast[-1] == pytest.approx(0.967, abs=0.05)
    composite = ns["composite"]
    reconstructed = composite.inverse_transform(composite.transform(X))
    predicted = composite.forecast(X)[0, :-1, 0]
    # "reconstruction within 0.0088, prediction within 0.0049"
    assert np.abs(reconstructed - X).max() < 1.5 * 0.0088
    assert np.abs(predicted - X[0, 1:, 0]).max() < 1.5 * 0.0049


def _lengths(ns):
    assert ns["Z"].shape == (3, 4)
    assert [len(sequence) for sequence in ns["decoded"]] == [12, 30, 57]


def _detector(ns):
    # "1 inlier, -1 outlier: 2 of the 20", "array([-1])", "4: the step to look at"
    assert (ns["labels"] == -1).sum() == 2
    assert ns["detector"].predict(ns["spiked"]).tolist() == [-1]
    assert ns["detector"].score_steps(ns["spiked"]).argmin() == 4


def _long_series(ns):
    assert ns["window_scores"].shape == ns["labels"].shape == (60,)
    assert ns["step_scores"].shape == (60, 32)
    point_scores = ns["point_scores"]
    assert point_scores.shape == (500,)
    assert point_scores.argmin() == 250
    # The prose: "predict labels 4 of the 60 windows outliers", "the spike's
    # point scores -4.0, the next lowest -0.26".
    assert (ns["labels"] == -1).sum() == 4
    lowest, next_lowest = np.sort(point_scores)[:2]
    assert lowest == pytest.approx(-4.0, abs=0.2)
    assert next_lowest == pytest.approx(-0.26, abs=0.05)


def _training(ns):
    ae = ns["ae"]
    # The figures' run of the same block (Plots): "ended it after 116 of at
    # most 300 epochs and kept epoch 106".
    assert ae.n_epochs_ == pytest.approx(116, rel=0.15)
    assert ae.best_epoch_ == pytest.approx(106, rel=0.15)
    assert len(ae.history_["val_loss"]) == ae.n_epochs_


def _model_file(ns):
    assert (ns["same"].transform(ns["X"]) == ns["ae"].transform(ns["X"])).all()
    assert ns["same"].get_params() == ns["ae"].get_params()


CHECKS = {
    "clf.score(X_test, y_test)": _usage,
    "np.abs(X_rebuilt - X).max()": _tutorial_reconstruction,
    'objective="composite",': _tutorial_prediction,
    "decoded = ae.inverse_transform(Z, lengths=[12, 30, 57])": _lengths,
    "detector.score_steps(spiked).argmin()": _detector,
    "point_scores.argmin()": _long_series,
    "early_stopping=True,": _training,
    'same = load_model("model.lstmae")': _model_file,
}


def _python_blocks():
    return re.findall(r"```python\n(.+?)\n```", README, re.S)


def test_every_check_finds_its_block():
    blocks = _python_blocks()
    for key in CHECKS:
        assert sum(key in block for block in blocks) == 1, key


@pytest.mark.slow
@pytest.mark.compiled
def test_readme_blocks_run_in_order_with_the_numbers_they_state(tmp_path, monkeypatch):
    # The blocks write files (a model file) where they run.
    monkeypatch.chdir(tmp_path)
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    namespace = {}
    for index, block in enumerate(_python_blocks()):
        exec(compile(block, f"README.md, Python block {index + 1}", "exec"), namespace)
        for key, check in CHECKS.items():
            if key in block:
                check(namespace)
    matplotlib.pyplot.close("all")


def _section(title):
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.slow
def test_the_command_line_example_runs_and_prints_what_it_states(tmp_path):
    section = _section("Command line")
    commands = re.findall(r"```bash\n(.+?)\n```", section, re.S)[0].splitlines()
    stated_info = re.findall(r"```text\n(.+?)\n```", section, re.S)[0]
    outputs = []
    for command in commands:
        # The interpreter running the tests, whether or not its scripts
        # directory is on PATH.
        command = re.sub(r"^python ", f'"{sys.executable}" ', command)
        command = re.sub(
            r"^sklearn-lstmae ", f'"{sys.executable}" -m sklearn_lstmae ', command
        )
        result = subprocess.run(
            command, shell=True, cwd=tmp_path, capture_output=True, text=True
        )
        assert result.returncode == 0, (command, result.stderr)
        assert "Traceback" not in result.stderr
        outputs.append(result.stdout)
    info = outputs[[i for i, c in enumerate(commands) if " info " in c][0]]
    for line in stated_info.splitlines():
        assert line in info
    features = np.loadtxt(tmp_path / "features.csv", delimiter=",", skiprows=1)
    errors = np.loadtxt(tmp_path / "errors.csv", delimiter=",", skiprows=1)
    assert features.shape == (1096, 8)
    assert errors.shape == (1096,)
    assert (errors > 0).all()
