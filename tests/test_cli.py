"""The command line: files in, model files and features out, errors in one line."""

import collections
import json
import subprocess
import sys

import numpy as np
import pytest

from sklearn_lstmae import load_model
from sklearn_lstmae.cli import main

from .mutations import mutations
from .tiny import TINY

RNG = np.random.default_rng(0)
# Twelve univariate sequences of 6 to 9 steps.
LENGTHS = [9, 9, 8, 7, 6, 9, 8, 9, 7, 9, 6, 9]
SEQUENCES = [
    np.sin(np.linspace(0, 3, n) + shift)
    for n, shift in zip(LENGTHS, RNG.random(12), strict=True)
]


def _write_csv(path, sequences, header=True):
    lines = ["t0,t1,t2,t3,t4,t5,t6,t7,t8"] if header else []
    lines += [
        ",".join(repr(float(value)) for value in sequence) for sequence in sequences
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def _run(argv, capsys):
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A CSV of sequences of different lengths, a parameter file and a model."""
    directory = tmp_path_factory.mktemp("cli")
    csv = _write_csv(directory / "days.csv", SEQUENCES)
    params = directory / "params.json"
    params.write_text(json.dumps({**TINY, "random_state": 0}))
    model = directory / "days.lstmae"
    assert (
        main(["fit", str(csv), "-o", str(model), "--params", str(params), "--quiet"])
        == 0
    )
    return directory, csv, params, model


def test_fit_writes_a_model_that_the_options_and_the_json_set(files, capsys):
    directory, csv, params, _ = files
    model = directory / "options.lstmae"
    code, _, err = _run(
        ["fit", csv, "-o", model, "--params", params, "--latent-dim", 2, "--quiet"],
        capsys,
    )
    assert code == 0
    assert f"wrote {model}" in err
    loaded = load_model(model)
    assert loaded.latent_dim == 2  # the option overrides the JSON's 3
    assert loaded.encoder_units == TINY["encoder_units"]
    assert loaded.verbose == 0


def test_fit_shows_the_loss_while_training(files, capsys):
    directory, csv, params, _ = files
    code, out, _ = _run(
        ["fit", csv, "-o", directory / "loud.lstmae", "--params", params], capsys
    )
    assert code == 0
    assert "Epoch 2/2" in out
    assert "loss:" in out


def test_transform_writes_one_row_of_features_per_sequence(files, capsys, tmp_path):
    _, csv, _, model = files
    code, out, _ = _run(["transform", model, csv], capsys)
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "z0,z1,z2"
    features = np.array([line.split(",") for line in lines[1:]], dtype=float)
    np.testing.assert_allclose(
        features, load_model(model).transform(SEQUENCES), rtol=1e-6, atol=1e-7
    )
    assert _run(["transform", model, csv, "-o", tmp_path / "z.npy"], capsys)[0] == 0
    np.testing.assert_allclose(np.load(tmp_path / "z.npy"), features, atol=1e-6)


def test_score_and_reconstruct_keep_each_sequence_length(files, capsys, tmp_path):
    _, csv, _, model = files
    code, out, _ = _run(["score", model, csv], capsys)
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "reconstruction_error"
    errors = np.array(lines[1:], dtype=float)
    np.testing.assert_allclose(
        errors, -load_model(model).score_samples(SEQUENCES), rtol=1e-6
    )

    rebuilt_csv = tmp_path / "rebuilt.csv"
    assert _run(["reconstruct", model, csv, "-o", rebuilt_csv], capsys)[0] == 0
    rows = rebuilt_csv.read_text().strip().splitlines()[1:]
    assert [sum(cell != "" for cell in row.split(",")) for row in rows] == LENGTHS


def test_a_detector_model_adds_its_labels_to_the_scores(files, capsys):
    directory, csv, params, _ = files
    detector = directory / "detector.lstmae"
    fit = ["fit", csv, "-o", detector, "--params", params, "--detector"]
    assert _run([*fit, "--contamination", 0.25, "--quiet"], capsys)[0] == 0
    code, out, _ = _run(["score", detector, csv], capsys)
    assert code == 0
    table = np.array(
        [line.split(",") for line in out.strip().splitlines()[1:]], dtype=float
    )
    assert out.startswith("reconstruction_error,outlier_label")
    assert (table[:, 1] == -1).sum() == 3
    code, _, err = _run(["transform", detector, csv], capsys)
    assert code == 1
    assert "no features" in err


def test_several_features_per_step_in_a_csv(tmp_path, capsys):
    X = RNG.random((10, 5, 2))
    np.savetxt(tmp_path / "x.csv", X.reshape(10, 10), delimiter=",")
    np.save(tmp_path / "x.npy", X)
    params = tmp_path / "params.json"
    params.write_text(json.dumps({**TINY, "random_state": 0}))
    model = tmp_path / "x.lstmae"
    fit = ["fit", tmp_path / "x.csv", "-o", model, "--n-features", 2]
    assert _run([*fit, "--params", params, "--quiet"], capsys)[0] == 0
    assert load_model(model).sequence_shape_ == (5, 2)
    from_csv = _run(
        ["transform", model, tmp_path / "x.csv", "--n-features", 2], capsys
    )[1]
    from_npy = _run(["transform", model, tmp_path / "x.npy"], capsys)[1]
    assert from_csv == from_npy


def test_info_describes_a_model_without_starting_tensorflow(files):
    _, _, _, model = files
    script = (
        "import sys; from sklearn_lstmae.cli import main; code = main(sys.argv[1:]); "
        "print('tensorflow' in sys.modules, 'keras' in sys.modules); sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "info", str(model)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "LSTMAutoencoderTransformer" in result.stdout
    assert "any length, 1 feature per step" in result.stdout
    assert "trained: 2 epochs; loss" in result.stdout
    assert result.stdout.strip().endswith("False False")


def test_help_explains_the_formats_without_starting_tensorflow():
    script = (
        "import sys; from sklearn_lstmae.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    )
    for command in (["--help"], ["fit", "--help"], ["transform", "--help"]):
        result = subprocess.run(
            [sys.executable, "-c", script, *command],
            capture_output=True,
            text=True,
            check=True,
        )
        assert ".csv  one sequence per row" in result.stdout
        assert result.stdout.strip().endswith("False False")


def test_the_console_script_and_python_dash_m_run_the_same_main():
    result = subprocess.run(
        [sys.executable, "-m", "sklearn_lstmae", "info", "nothing.lstmae"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr == "sklearn-lstmae: error: nothing.lstmae: no such file\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["transform", "{dir}/nothing.lstmae", "{csv}"],
            "nothing.lstmae: no such file",
        ),
        (["transform", "{model}", "{dir}/nothing.csv"], "nothing.csv: no such file"),
        (["transform", "{model}", "{dir}/days.txt"], "unknown format '.txt'"),
        (["transform", "{csv}", "{csv}"], "is not a model file"),
        (
            ["transform", "{model}", "{csv}", "-o", "{dir}/z.xlsx"],
            "unknown output format",
        ),
        (["transform", "{model}", "{csv}", "--n-features", "2"], "cannot hold steps"),
        (["transform", "{model}", "{wide}"], "fitted on sequences of 1 feature"),
        (["fit", "{csv}", "-o", "{dir}/m.lstmae", "--latent-dim", "-2"], "latent_dim"),
        (["fit", "{csv}", "-o", "{dir}/m.lstmae", "--epochs", "many"], "'auto'"),
        (["fit", "{csv}", "-o", "{dir}/m.lstmae", "--params", "{csv}"], "not JSON"),
        (
            ["fit", "{csv}", "-o", "{dir}/m.lstmae", "--contamination", "0.1"],
            "--detector",
        ),
        (["fit", "{bad}", "-o", "{dir}/m.lstmae"], "row 2 holds a cell that is not"),
    ],
)
def test_errors_are_one_line_and_exit_code_1(files, tmp_path, capsys, argv, message):
    directory, csv, _, model = files
    np.save(tmp_path / "wide.npy", np.ones((3, 9, 3)))
    (tmp_path / "bad.csv").write_text("1,2,3\n4,five,6\n")
    names = {
        "dir": tmp_path,
        "csv": csv,
        "model": model,
        "wide": tmp_path / "wide.npy",
        "bad": tmp_path / "bad.csv",
    }
    code, _, err = _run([arg.format(**names) for arg in argv], capsys)
    assert code == 1
    assert err.count("\n") == 1
    assert err.startswith("sklearn-lstmae: error: ")
    assert message in err


def test_debug_shows_the_traceback(files, tmp_path):
    with pytest.raises(FileNotFoundError):
        main(["transform", str(files[3]), str(tmp_path / "nothing.csv"), "--debug"])


def test_a_bad_command_line_exits_2_with_usage(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["fit", "--bogus"])
    assert exit_info.value.code == 2
    assert "usage: sklearn-lstmae fit" in capsys.readouterr().err


def test_ts_files_are_read_by_aeon(files, capsys):
    aeon_datasets = pytest.importorskip("aeon.datasets")
    from pathlib import Path

    ts = (
        Path(aeon_datasets.__file__).parent
        / "data"
        / "BasicMotions"
        / "BasicMotions_TEST.ts"
    )
    directory, _, params, _ = files
    model = directory / "motions.lstmae"
    assert _run(["fit", ts, "-o", model, "--params", params, "--quiet"], capsys)[0] == 0
    assert load_model(model).sequence_shape_ == (100, 6)  # channels last


def test_ts_without_aeon_says_what_to_install(files, capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "aeon.datasets", None)
    (tmp_path / "x.ts").write_text("@problemName x\n")
    code, _, err = _run(["transform", files[3], tmp_path / "x.ts"], capsys)
    assert code == 1
    assert "needs aeon" in err


@pytest.mark.parametrize("suffix", [".csv", ".npy", ".npz", ".lstmae"])
def test_damaged_files_give_one_line_errors_never_a_traceback(files, capsys, suffix):
    directory, csv, _, model = files
    X = np.asarray(
        [np.pad(s, (0, 9 - len(s)), constant_values=np.nan) for s in SEQUENCES]
    )
    originals = {
        ".csv": csv.read_bytes(),
        ".npy": _npy_bytes(X),
        ".npz": _npz_bytes(X),
        ".lstmae": model.read_bytes(),
    }
    rng = np.random.default_rng(1)
    target = directory / f"damaged{suffix}"
    outcomes = collections.Counter()
    for kind, data in mutations(originals[suffix], rng, 75):
        target.write_bytes(data)
        argv = (
            ["transform", str(target), str(csv)]
            if suffix == ".lstmae"
            else ["transform", str(model), str(target)]
        )
        code, _, err = _run(argv, capsys)
        assert code in (0, 1), (kind, err)
        if code == 1:
            assert err.count("\n") == 1
            assert err.startswith("sklearn-lstmae: error:")
        outcomes[kind, "refused" if code else "read"] += 1
    print(suffix, dict(sorted(outcomes.items())))
    assert sum(outcomes.values()) == 76


def _npy_bytes(X):
    import io

    buffer = io.BytesIO()
    np.save(buffer, X)
    return buffer.getvalue()


def _npz_bytes(X):
    import io

    buffer = io.BytesIO()
    np.savez(buffer, X=X)
    return buffer.getvalue()


@pytest.mark.slow
def test_demo_subcommand_runs_the_main_job(capsys):
    assert main(["demo", "--epochs", "1"]) == 0
    assert "LSTM autoencoder features" in capsys.readouterr().out
