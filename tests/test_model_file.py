"""Model files: save and load_model, JSON and plain arrays, refusing anything else."""

import collections
import io
import json
import os
import subprocess
import sys
import time
import zipfile

import numpy as np
import pytest

from sklearn_lstmae import (
    LSTMAutoencoderOutlierDetector,
    LSTMAutoencoderTransformer,
    ModelFileError,
    load_model,
)
from sklearn_lstmae._model_file import read_manifest

from .mutations import mutations
from .tiny import TINY

X = np.sin(np.linspace(0, 3, 9)[None, :, None] + np.arange(16)[:, None, None] * [1, 2])


def _fitted(cls=LSTMAutoencoderTransformer, data=X, **params):
    return cls(**{**TINY, "random_state": 0, **params}).fit(data)


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A fitted transformer and the path of its model file."""
    estimator = _fitted()
    path = tmp_path_factory.mktemp("model") / "model.lstmae"
    estimator.save(path)
    return estimator, path


@pytest.mark.parametrize(
    ("cls", "params"),
    [
        (LSTMAutoencoderTransformer, {}),
        (LSTMAutoencoderTransformer, {"objective": "composite", "scaling": "minmax"}),
        (LSTMAutoencoderTransformer, {"scaling": "per_series", "bidirectional": True}),
        (LSTMAutoencoderOutlierDetector, {"anomaly_score": "both"}),
    ],
)
def test_a_loaded_model_answers_as_the_saved_one(tmp_path, cls, params):
    estimator = _fitted(cls, **params)
    estimator.save(tmp_path / "model.lstmae")
    loaded = load_model(tmp_path / "model.lstmae")
    assert type(loaded) is cls
    assert loaded.get_params() == estimator.get_params()
    assert loaded.history_ == estimator.history_
    np.testing.assert_array_equal(loaded.score_samples(X), estimator.score_samples(X))
    if cls is LSTMAutoencoderOutlierDetector:
        assert loaded.offset_ == estimator.offset_
        np.testing.assert_array_equal(loaded.predict(X), estimator.predict(X))
    else:
        Z = estimator.transform(X)
        np.testing.assert_array_equal(loaded.transform(X), Z)
        np.testing.assert_array_equal(
            loaded.inverse_transform(Z), estimator.inverse_transform(Z)
        )


def test_column_names_and_sequences_of_different_lengths_are_kept(tmp_path):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(X[:, :, 0], columns=[f"hour {i}" for i in range(9)])
    estimator = _fitted(data=frame)
    estimator.save(tmp_path / "named.lstmae")
    loaded = load_model(tmp_path / "named.lstmae")
    assert list(loaded.feature_names_in_) == list(frame.columns)
    with pytest.warns(UserWarning, match="feature names"):
        loaded.transform(frame.to_numpy())

    sequences = [np.sin(np.linspace(0, 3, n)) for n in (5, 9, 14)]
    estimator = _fitted(data=sequences)
    estimator.save(tmp_path / "ragged.lstmae")
    decoded = load_model(tmp_path / "ragged.lstmae").inverse_transform(
        estimator.transform(sequences), lengths=[5, 9, 14]
    )
    assert [len(sequence) for sequence in decoded] == [5, 9, 14]


def test_a_loaded_model_resumes_training(saved):
    estimator, path = saved
    loaded = load_model(path).set_params(warm_start=True)
    loaded.fit(X)
    assert loaded.n_epochs_ == 2 * estimator.n_epochs_
    assert len(loaded.history_["loss"]) == 2 * estimator.n_epochs_


def test_the_file_is_json_and_numbers_only(saved):
    _, path = saved
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    arrays = np.load(path, allow_pickle=False)
    assert sorted(arrays.files) == sorted(name[:-4] for name in names)
    assert all(arrays[name].dtype.kind in "biuf" for name in arrays.files)
    manifest = json.loads(arrays["manifest"].tobytes())
    assert manifest == read_manifest(path)
    assert manifest["estimator"] == "LSTMAutoencoderTransformer"
    assert set(manifest["versions"]) >= {"sklearn-lstmae", "keras", "scikit-learn"}
    assert "class_name" not in json.dumps(manifest["attributes"])


def test_callbacks_are_not_saved_and_it_says_so(tmp_path):
    import keras

    estimator = _fitted(callbacks=[keras.callbacks.TerminateOnNaN()])
    with pytest.warns(UserWarning, match="callbacks"):
        estimator.save(tmp_path / "model.lstmae")
    assert load_model(tmp_path / "model.lstmae").callbacks is None


def test_saving_an_unfitted_estimator_is_refused(tmp_path):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        LSTMAutoencoderTransformer().save(tmp_path / "model.lstmae")


# Crafted files: each is a valid archive holding something a model file must
# not, and each is refused before anything is built from it.


def _rewrite(path, target, *, manifest=None, members=()):
    """Copy the model file at ``path`` to ``target`` with changes."""
    with zipfile.ZipFile(path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    if manifest is not None:
        buffer = io.BytesIO()
        text = json.dumps(manifest).encode()
        np.save(buffer, np.frombuffer(text, dtype=np.uint8))
        contents["manifest.npy"] = buffer.getvalue()
    contents.update(members)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    return target


def _manifest_with(saved, change):
    manifest = read_manifest(saved[1])
    change(manifest)
    return manifest


def _pickled_member():
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"any": "object"}], dtype=object), allow_pickle=True)
    return buffer.getvalue()


def _point_weight_at(name):
    def change(manifest):
        manifest["network"]["dict"]["weights"][0] = {"array": name}

    return change


def _architecture(manifest):
    fields = manifest["attributes"]["dict"]["_fit_record"]["fields"]
    return fields["architecture"]["fields"]


LAMBDA_LAYER = {
    "module": "keras.layers",
    "class_name": "Lambda",
    "config": {"function": {"class_name": "__lambda__", "config": {"code": "..."}}},
    "registered_name": None,
}


@pytest.mark.parametrize(
    ("change", "members", "message"),
    [
        (_point_weight_at("evil"), {"evil.npy": _pickled_member()}, "only numbers"),
        (None, {"../../evil.npy": b"x"}, "holds no paths"),
        (None, {"sub/dir.npy": b"x"}, "holds no paths"),
        (
            lambda m: _architecture(m).update(layers={"dict": {"0": LAMBDA_LAYER}}),
            {},
            "expected",
        ),
        (
            lambda m: m["attributes"]["dict"].update(extra_layer=LAMBDA_LAYER),
            {},
            "unexpected object",
        ),
        (
            lambda m: m["network"]["dict"].update(
                optimizer={"dict": {**LAMBDA_LAYER, "config": {"dict": {}}}}
            ),
            {},
            "not the Adam configuration",
        ),
        (lambda m: m.update(format_version=99), {}, "upgrade sklearn-lstmae"),
        (lambda m: m["versions"].update(keras="2.15.0"), {}, "Keras 2.15.0"),
        (lambda m: m.update(estimator="os.system"), {}, "unknown estimator"),
        (
            lambda m: m["attributes"]["dict"].update(transform=1),
            {},
            "not a fitted attribute",
        ),
        (
            lambda m: m["attributes"]["dict"].update(
                scaler_={"estimator": "FunctionTransformer", "params": {"dict": {}}}
            ),
            {},
            "unknown object",
        ),
        (_point_weight_at("missing"), {}, "missing array"),
        (lambda m: m["params"]["dict"].update(latent_dim=-3), {}, "parameters refused"),
    ],
)
def test_crafted_files_are_refused_with_the_reason(
    saved, tmp_path, change, members, message
):
    manifest = None if change is None else _manifest_with(saved, change)
    crafted = _rewrite(
        saved[1], tmp_path / "crafted.lstmae", manifest=manifest, members=members
    )
    with pytest.raises(ModelFileError, match=message):
        load_model(crafted)


def test_weights_that_do_not_fit_the_network_are_refused(saved, tmp_path):
    buffer = io.BytesIO()
    np.save(buffer, np.zeros((3, 3), dtype=np.float32))
    crafted = _rewrite(
        saved[1],
        tmp_path / "crafted.lstmae",
        manifest=_manifest_with(saved, _point_weight_at("wrong")),
        members={"wrong.npy": buffer.getvalue()},
    )
    with pytest.raises(ModelFileError, match="network could not be rebuilt"):
        load_model(crafted)


def test_a_header_that_declares_more_values_than_the_member_holds_is_refused(
    saved, tmp_path
):
    buffer = io.BytesIO()
    header = {"descr": "<f4", "fortran_order": False, "shape": (10**12,)}
    np.lib.format.write_array_header_1_0(buffer, header)
    crafted = _rewrite(
        saved[1],
        tmp_path / "crafted.lstmae",
        manifest=_manifest_with(saved, _point_weight_at("huge")),
        members={"huge.npy": buffer.getvalue()},
    )
    with pytest.raises(ModelFileError, match="declares 4000000000000 bytes"):
        load_model(crafted)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a readable ZIP archive"),
        (b"not a model file at all", "not a readable ZIP archive"),
    ],
)
def test_files_that_are_not_model_files_are_refused(tmp_path, content, message):
    path = tmp_path / "model.lstmae"
    path.write_bytes(content)
    with pytest.raises(ModelFileError, match=message):
        load_model(path)


def test_an_npz_of_data_is_not_a_model_file(tmp_path):
    np.savez(tmp_path / "data.npz", X=X)
    with pytest.raises(ModelFileError, match="no manifest"):
        load_model(tmp_path / "data.npz")


def test_a_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_model(tmp_path / "nothing.lstmae")


def test_damaged_model_files_are_refused_or_load_intact(saved, tmp_path):
    estimator, path = saved
    data = path.read_bytes()
    expected = estimator.transform(X)
    outcomes = collections.Counter()
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    for kind, mutated in mutations(data, rng, 300):
        target = tmp_path / "mutated.lstmae"
        target.write_bytes(mutated)
        try:
            loaded = load_model(target)
        except ModelFileError:
            outcomes[kind, "refused"] += 1
        else:
            # Bytes no reader checks (a timestamp, a comment): the same model.
            np.testing.assert_array_equal(loaded.transform(X), expected)
            outcomes[kind, "loaded intact"] += 1
    print(dict(sorted(outcomes.items())), f"{time.perf_counter() - start:.1f} s")
    assert sum(outcomes.values()) == 301
    assert sum(n for (_, outcome), n in outcomes.items() if outcome == "refused") > 250


@pytest.mark.slow
def test_a_file_saved_under_one_backend_loads_under_the_other(tmp_path):
    script = """
import sys
import numpy as np
from sklearn_lstmae import LSTMAutoencoderTransformer, load_model
directory, backend = sys.argv[1], sys.argv[2]
X = np.load(f"{directory}/X.npy")
if backend == "tensorflow":
    LSTMAutoencoderTransformer(latent_dim=3, epochs=2, random_state=0).fit(X).save(
        f"{directory}/tensorflow.lstmae"
    )
loaded = load_model(f"{directory}/{sys.argv[3]}.lstmae")
np.save(f"{directory}/features_{backend}.npy", loaded.transform(X))
if backend == "jax":
    loaded.save(f"{directory}/jax.lstmae")
"""
    np.save(tmp_path / "X.npy", X)

    def run(backend, file):
        environment = {**os.environ, "KERAS_BACKEND": backend}
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path), backend, file],
            check=True,
            env=environment,
        )

    run("tensorflow", "tensorflow")
    run("jax", "tensorflow")
    np.testing.assert_allclose(
        np.load(tmp_path / "features_jax.npy"),
        np.load(tmp_path / "features_tensorflow.npy"),
        rtol=1e-6,
        atol=1e-6,
    )
    assert read_manifest(tmp_path / "jax.lstmae")["versions"]["keras backend"] == "jax"
    back = load_model(tmp_path / "jax.lstmae")
    np.testing.assert_allclose(
        back.transform(X),
        np.load(tmp_path / "features_tensorflow.npy"),
        rtol=1e-6,
        atol=1e-6,
    )
