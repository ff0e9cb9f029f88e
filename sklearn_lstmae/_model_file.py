"""Model files: a fitted estimator as JSON and plain arrays, read without running code.

A model file is a ZIP archive of ``.npy`` members (NumPy's ``.npz`` layout,
so ``numpy.load`` opens it too): ``manifest.npy`` holds a JSON document as
UTF-8 bytes, and every array of the estimator is a member of its own. Nothing
is pickled. Loading reads each member with ``allow_pickle=False``, accepts
only member names of letters, digits and underscores, and builds objects of
the few classes named in this module only, each through its constructor and
from checked fields: the estimators, the fitted record's dataclasses,
scikit-learn's scalers and nearest neighbours, and the network, rebuilt by
:func:`~sklearn_lstmae._network.build_networks` from its recorded
:class:`~sklearn_lstmae._network.NetworkArchitecture`. A file can hold
numbers and text, never code: no Keras layer configuration is ever read, and
the optimizer's configuration is accepted only as Adam's, with plain values.

The manifest records the versions of this library, Keras and scikit-learn
that wrote the file, and the file format's version. A file of a newer format,
or written under another major version of Keras (whose weight layouts may
differ), is refused with the reason. Weights do not depend on the Keras
backend, so a file written under TensorFlow loads under JAX and back.

Reading a manifest (:func:`read_manifest`) imports neither Keras nor the
estimators, so that the command line's ``info`` answers without starting
TensorFlow.

The JSON encoding tags every value that JSON lacks: ``{"array": name}`` for
an array member, ``{"tuple": [...]}``, ``{"dict": {...}}`` for a mapping,
``{"record": class, "fields": {...}}`` for a dataclass, and
``{"estimator": class, "params": ..., "attributes": ...}`` for a fitted
scikit-learn object.
"""

import dataclasses
import json
import numbers
import re
import struct
import warnings
import zipfile
import zlib
from importlib.metadata import PackageNotFoundError, version

import numpy as np
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from ._compat import neighbors_training_data
from ._objectives import DecoderTargets
from ._scaling import PerSeriesScaler

__all__ = ["FORMAT_VERSION", "ModelFileError", "read_manifest", "load_model", "save"]

FORMAT = "sklearn-lstmae model"
FORMAT_VERSION = 1
MANIFEST = "manifest"
# Member names are never paths: no separators, no "..", nothing to extract.
_MEMBER_NAME = re.compile(r"[A-Za-z0-9_]{1,64}\.npy")
# Bounds on what a file may make the reader allocate: a crafted header may
# declare any size.
_MAX_MEMBERS = 10_000
_MAX_BYTES = 2**30
_MAX_MANIFEST_BYTES = 16 * 2**20
# The only optimizer the estimators build, and the plain values of its config.
_OPTIMIZER_MODULE, _OPTIMIZER_CLASS = "keras.optimizers", "Adam"


def _estimator_classes():
    # Imported here: the estimators import this module for their save method.
    from ._detector import LSTMAutoencoderOutlierDetector
    from ._transformer import LSTMAutoencoderTransformer

    return {
        cls.__name__: cls
        for cls in (LSTMAutoencoderTransformer, LSTMAutoencoderOutlierDetector)
    }


def _fit_record_class():
    from ._base import FitRecord

    return FitRecord


def _record_classes():
    from ._network import NetworkArchitecture

    return {
        cls.__name__: cls
        for cls in (_fit_record_class(), NetworkArchitecture, DecoderTargets)
    }


# Fitted scikit-learn objects: rebuilt from their parameters, then given their
# fitted attributes back (scalers) or fitted again on the saved data
# (nearest neighbours, whose search tree is not plain data).
_SCALERS = {cls.__name__: cls for cls in (StandardScaler, MinMaxScaler)}
_REFITTED = {"NearestNeighbors": NearestNeighbors}


class ModelFileError(ValueError):
    """A model file that cannot be read, or that this version refuses to load.

    Raised by :func:`load_model` with the reason: a damaged file, one that
    holds something a model file must not (a pickled object, a Keras layer
    configuration, a member name that is a path), a newer file format, or
    weights from another major version of Keras.

    Examples
    --------
    >>> import os, tempfile
    >>> from sklearn_lstmae import ModelFileError, load_model
    >>> path = os.path.join(tempfile.mkdtemp(), "empty.lstmae")
    >>> _ = open(path, "wb").write(b"")
    >>> try:
    ...     load_model(path)
    ... except ModelFileError as error:
    ...     print(str(error).split(": ", 1)[1])
    not a readable ZIP archive (File is not a zip file).
    """


def _library_versions():
    from ._keras import keras

    versions = {}
    for distribution in ("sklearn-lstmae", "keras", "scikit-learn", "numpy"):
        try:
            versions[distribution] = version(distribution)
        except PackageNotFoundError:
            versions[distribution] = None
    versions["keras backend"] = keras.backend.backend()
    return versions


# ---------------------------------------------------------------- writing


def save(estimator, path):
    """Write a fitted estimator to ``path``; see the module docstring."""
    from ._persistence import NETWORK_STATE

    state = estimator.__getstate__()
    network = state.pop(NETWORK_STATE)
    params = estimator.get_params(deep=False)
    if params.get("callbacks") is not None:
        warnings.warn(
            "callbacks are Python objects and are not saved: the model file "
            "holds callbacks=None.",
            UserWarning,
            stacklevel=3,
        )
        params["callbacks"] = None
    arrays = {}
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "versions": _library_versions(),
        "estimator": type(estimator).__name__,
        "params": _encode(params, arrays),
        "attributes": _encode(
            {name: value for name, value in state.items() if name not in params},
            arrays,
        ),
        "network": _encode(network, arrays),
    }
    text = json.dumps(manifest, allow_nan=True, indent=1)
    arrays[MANIFEST] = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.asarray(array), allow_pickle=False)


def _encode(value, arrays):
    """``value`` as JSON, its arrays added to ``arrays`` under new names."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.ndarray) and value.dtype == object:
        # Column names (feature_names_in_): text, never pickled objects.
        if not all(isinstance(item, str) for item in value.ravel()):
            raise TypeError(f"cannot save an array of objects: {value!r}")
        return {"strings": value.tolist()}
    if isinstance(value, np.ndarray):
        name = f"array_{len(arrays)}"
        arrays[name] = value
        return {"array": name}
    if isinstance(value, (numbers.Integral, np.bool_)):
        return bool(value) if isinstance(value, np.bool_) else int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, list):
        return [_encode(item, arrays) for item in value]
    if isinstance(value, tuple):
        return {"tuple": [_encode(item, arrays) for item in value]}
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError(
                f"cannot save a mapping with keys that are not text: {value!r}"
            )
        return {"dict": {key: _encode(item, arrays) for key, item in value.items()}}
    if dataclasses.is_dataclass(value) and type(value).__name__ in _record_classes():
        return {
            "record": type(value).__name__,
            "fields": {
                field.name: _encode(getattr(value, field.name), arrays)
                for field in dataclasses.fields(value)
            },
        }
    if isinstance(value, PerSeriesScaler):
        empty = _encode({}, arrays)
        return {"estimator": "PerSeriesScaler", "params": empty, "attributes": empty}
    name = type(value).__name__
    if name in _SCALERS and type(value) is _SCALERS[name]:
        params = value.get_params(deep=False)
        attributes = {
            key: item for key, item in vars(value).items() if key not in params
        }
        return {
            "estimator": name,
            "params": _encode(params, arrays),
            "attributes": _encode(attributes, arrays),
        }
    if name in _REFITTED and type(value) is _REFITTED[name]:
        return {
            "estimator": name,
            "params": _encode(value.get_params(deep=False), arrays),
            "fitted_on": _encode(neighbors_training_data(value), arrays),
        }
    raise TypeError(f"cannot save an object of type {type(value).__name__}: {value!r}")


# ---------------------------------------------------------------- reading


def read_manifest(path):
    """The manifest of a model file, without building anything.

    Returns
    -------
    manifest : dict
        The JSON document: ``"format"``, ``"format_version"``, ``"versions"``,
        ``"estimator"``, ``"params"``, ``"attributes"``, ``"network"``, with
        arrays still as references to members.
    """
    manifest, _ = _read(path, arrays=False)
    return manifest


def load_model(path):
    """Read a model file written by an estimator's ``save`` method.

    Nothing in the file is unpickled or run: the estimator is built from its
    recorded parameters, and its network from its recorded architecture,
    before the weights are loaded into it. A file that is damaged, crafted to
    hold anything else (pickled objects, Keras layer configurations, member
    names that are paths), of a newer file format or from another major
    version of Keras is refused with a :class:`ModelFileError` that says why.

    Parameters
    ----------
    path : str or path-like
        A file written by ``save``.

    Returns
    -------
    estimator : LSTMAutoencoderTransformer or LSTMAutoencoderOutlierDetector
        The fitted estimator, as it was saved.

    Raises
    ------
    ModelFileError
        A ``ValueError``: the file is not a model file this version can load.
    FileNotFoundError
        No file at ``path``.

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> from sklearn_lstmae import LSTMAutoencoderOutlierDetector, load_model
    >>> X = np.sin(np.linspace(0, 3, 8) + np.arange(6)[:, None])
    >>> detector = LSTMAutoencoderOutlierDetector(latent_dim=2, epochs=1).fit(X)
    >>> path = os.path.join(tempfile.mkdtemp(), "detector.lstmae")
    >>> detector.save(path)
    >>> (load_model(path).predict(X) == detector.predict(X)).all()
    np.True_
    """
    from ._persistence import NETWORK_STATE

    manifest, arrays = _read(path, arrays=True)
    classes = _estimator_classes()
    name = manifest["estimator"]
    if name not in classes:
        raise ModelFileError(
            f"{path}: unknown estimator {name!r}; expected one of {sorted(classes)}."
        )
    decoder = _Decoder(path, arrays)
    params = decoder.mapping(manifest["params"], "params")
    attributes = decoder.mapping(manifest["attributes"], "attributes")
    network = decoder.network(manifest["network"])
    cls = classes[name]
    try:
        estimator = cls(**params)
        estimator._validate_params()
    except (TypeError, ValueError) as error:
        raise ModelFileError(f"{path}: parameters refused: {error}") from error
    for attribute in attributes:
        if (
            not re.fullmatch(r"_?[a-z][a-z0-9_]*", attribute)
            or attribute in params
            or hasattr(cls, attribute)
        ):
            raise ModelFileError(
                f"{path}: {attribute!r} is not a fitted attribute of {name}."
            )
    record = attributes.get("_fit_record")
    if not isinstance(record, _fit_record_class()):
        raise ModelFileError(f"{path}: holds no fitted record (_fit_record).")
    try:
        estimator.__setstate__({**params, **attributes, NETWORK_STATE: network})
    except Exception as error:
        # Weights of the wrong number or shape for the recorded network.
        raise ModelFileError(
            f"{path}: the network could not be rebuilt from the file: {error}"
        ) from error
    return estimator


def _read(path, *, arrays):
    """The checked manifest, and every array member if ``arrays``."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = _checked_members(path, archive)
            manifest = _read_manifest_member(path, archive, members)
            values = {}
            if arrays:
                for name, info in members.items():
                    if name != MANIFEST:
                        values[name] = _read_array(archive, info)
    except ModelFileError:
        raise
    except FileNotFoundError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as error:
        raise ModelFileError(
            f"{path} is not a model file: not a readable ZIP archive ({error})."
        ) from error
    except (
        OSError,
        ValueError,
        EOFError,
        RuntimeError,
        zlib.error,
        struct.error,
    ) as error:
        # Truncated or corrupted members: zlib, CRC and .npy header errors.
        raise ModelFileError(f"{path} is damaged: {error}") from error
    return manifest, values


def _checked_members(path, archive):
    infos = archive.infolist()
    if len(infos) > _MAX_MEMBERS:
        raise ModelFileError(f"{path}: {len(infos)} members; at most {_MAX_MEMBERS}.")
    members = {}
    for info in infos:
        if not _MEMBER_NAME.fullmatch(info.filename):
            raise ModelFileError(
                f"{path}: member {info.filename!r} is not a plain array name "
                "(letters, digits and underscores, then .npy); a model file "
                "holds no paths."
            )
        members[info.filename[: -len(".npy")]] = info
    if sum(info.file_size for info in infos) > _MAX_BYTES:
        raise ModelFileError(f"{path}: its members would take over {_MAX_BYTES} bytes.")
    if MANIFEST not in members:
        raise ModelFileError(
            f"{path} is not an sklearn-lstmae model file: it has no manifest."
        )
    return members


def _read_manifest_member(path, archive, members):
    if members[MANIFEST].file_size > _MAX_MANIFEST_BYTES:
        raise ModelFileError(f"{path}: manifest over {_MAX_MANIFEST_BYTES} bytes.")
    raw = _read_array(archive, members[MANIFEST])
    if raw.dtype != np.uint8 or raw.ndim != 1:
        raise ModelFileError(f"{path}: the manifest is not text.")
    try:
        manifest = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelFileError(f"{path}: the manifest is not JSON: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ModelFileError(f"{path} is not an sklearn-lstmae model file.")
    _check_compatible(path, manifest)
    for key in ("estimator", "params", "attributes", "network"):
        if key not in manifest:
            raise ModelFileError(f"{path}: the manifest lacks {key!r}.")
    unknown = set(manifest) - {
        "format", "format_version", "versions", "estimator", "params",
        "attributes", "network",
    }  # fmt: skip
    if unknown:
        raise ModelFileError(f"{path}: unexpected manifest entries {sorted(unknown)}.")
    for name in _array_references(manifest):
        if name not in members or name == MANIFEST:
            raise ModelFileError(
                f"{path}: the manifest names a missing array {name!r}."
            )
    return manifest


def _check_compatible(path, manifest):
    format_version = manifest.get("format_version")
    versions = manifest.get("versions")
    if not isinstance(format_version, int) or not isinstance(versions, dict):
        raise ModelFileError(f"{path}: the manifest has no format version.")
    written_by = versions.get("sklearn-lstmae")
    if format_version > FORMAT_VERSION:
        raise ModelFileError(
            f"{path} was written by sklearn-lstmae {written_by} in model file format "
            f"{format_version}; this sklearn-lstmae reads format {FORMAT_VERSION} "
            "and older: upgrade sklearn-lstmae to load it."
        )

    # From the installed metadata: reading a manifest does not start Keras.
    keras_version = version("keras")
    written_keras = str(versions.get("keras"))
    if written_keras.split(".")[0] != keras_version.split(".")[0]:
        raise ModelFileError(
            f"{path} was written under Keras {written_keras}, this is Keras "
            f"{keras_version}: weights are only read within one major version "
            "of Keras. Load it where it was written, and refit or save it again "
            "there after upgrading."
        )


def _array_references(value):
    if isinstance(value, dict):
        if set(value) == {"array"}:
            yield value["array"]
            return
        for item in value.values():
            yield from _array_references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _array_references(item)


def _read_array(archive, info):
    """One ``.npy`` member, its header checked before anything is allocated."""
    with archive.open(info) as member:
        major, minor = np.lib.format.read_magic(member)
        if (major, minor) == (1, 0):
            shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(member)
        elif (major, minor) == (2, 0):
            shape, fortran_order, dtype = np.lib.format.read_array_header_2_0(member)
        else:
            raise ModelFileError(
                f"member {info.filename!r} is in .npy format {major}.{minor}; "
                "expected 1.0 or 2.0."
            )
        if dtype.kind not in "biuf" or dtype.hasobject:
            raise ModelFileError(
                f"member {info.filename!r} holds {dtype} values; a model file "
                "holds only numbers."
            )
        n_bytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        if n_bytes > info.file_size:
            raise ModelFileError(
                f"member {info.filename!r} declares {n_bytes} bytes of values "
                f"in {info.file_size} bytes."
            )
        data = member.read(n_bytes)
    if len(data) != n_bytes:
        raise ModelFileError(f"member {info.filename!r} is truncated.")
    order = "F" if fortran_order else "C"
    return np.frombuffer(data, dtype=dtype).reshape(shape, order=order).copy()


class _Decoder:
    """Turns the manifest's tagged JSON back into values, refusing anything else."""

    def __init__(self, path, arrays):
        self.path = path
        self.arrays = arrays

    def error(self, message):
        return ModelFileError(f"{self.path}: {message}")

    def value(self, value, where):
        if value is None or isinstance(value, (bool, str, int, float)):
            return value
        if isinstance(value, list):
            return [self.value(item, where) for item in value]
        if not isinstance(value, dict):
            raise self.error(f"unexpected value {value!r} in {where}.")
        keys = set(value)
        if keys == {"array"}:
            return self.arrays[value["array"]]
        if keys == {"strings"} and isinstance(value["strings"], list):
            if not all(isinstance(item, str) for item in value["strings"]):
                raise self.error(f"non-text names in {where}.")
            return np.asarray(value["strings"], dtype=object)
        if keys == {"tuple"} and isinstance(value["tuple"], list):
            return tuple(self.value(item, where) for item in value["tuple"])
        if keys == {"dict"}:
            return self.mapping(value, where)
        if keys == {"record", "fields"}:
            return self.record(value, where)
        if "estimator" in keys:
            return self.estimator(value, where)
        raise self.error(f"unexpected object {sorted(keys)} in {where}.")

    def mapping(self, value, where):
        if not (isinstance(value, dict) and set(value) == {"dict"}):
            raise self.error(f"{where} is not a mapping.")
        items = value["dict"]
        if not isinstance(items, dict):
            raise self.error(f"{where} is not a mapping.")
        return {
            key: self.value(item, f"{where}[{key!r}]") for key, item in items.items()
        }

    def record(self, value, where):
        classes = _record_classes()
        name, fields = value["record"], value["fields"]
        if name not in classes or not isinstance(fields, dict):
            raise self.error(
                f"unknown record {name!r} in {where}; expected one of "
                f"{sorted(classes)}."
            )
        cls = classes[name]
        expected = {field.name for field in dataclasses.fields(cls)}
        if set(fields) != expected:
            raise self.error(
                f"{name} in {where} has fields {sorted(fields)}; expected "
                f"{sorted(expected)}."
            )
        try:
            return cls(**{key: self.value(item, where) for key, item in fields.items()})
        except (TypeError, ValueError) as error:
            raise self.error(f"{name} in {where} refused: {error}") from error

    def estimator(self, value, where):
        name = value["estimator"]
        params = self.mapping(value.get("params"), f"{where} params")
        try:
            if name == "PerSeriesScaler" and set(value) == {
                "estimator", "params", "attributes",
            }:  # fmt: skip
                return PerSeriesScaler()
            if name in _SCALERS and set(value) == {"estimator", "params", "attributes"}:
                scaler = _SCALERS[name](**params)
                attributes = self.mapping(value["attributes"], f"{where} attributes")
                for key, item in attributes.items():
                    if not re.fullmatch(r"_?[a-z][a-z_]*", key) or hasattr(
                        type(scaler), key
                    ):
                        raise self.error(f"{key!r} is not an attribute of {name}.")
                    setattr(scaler, key, item)
                return scaler
            if name in _REFITTED and set(value) == {"estimator", "params", "fitted_on"}:
                data = self.value(value["fitted_on"], where)
                if not isinstance(data, np.ndarray) or data.ndim != 2:
                    raise self.error(f"{name} in {where} is not fitted on a 2-D array.")
                return _REFITTED[name](**params).fit(data)
        except (TypeError, ValueError) as error:
            raise self.error(f"{name} in {where} refused: {error}") from error
        raise self.error(f"unknown object {name!r} in {where}.")

    def network(self, value):
        state = self.mapping(value, "network")
        if set(state) != {
            "weights",
            "optimizer",
            "loss_weights",
            "optimizer_variables",
        }:
            raise self.error(f"network holds {sorted(state)}.")
        for key in ("weights", "optimizer_variables"):
            if not (
                isinstance(state[key], list)
                and all(isinstance(item, np.ndarray) for item in state[key])
            ):
                raise self.error(f"network {key} are not a list of arrays.")
        loss_weights = state["loss_weights"]
        if loss_weights is not None and not (
            isinstance(loss_weights, dict)
            and all(isinstance(item, float) for item in loss_weights.values())
        ):
            raise self.error("network loss weights are not numbers.")
        self.check_optimizer(state["optimizer"])
        return state

    def check_optimizer(self, optimizer):
        # Keras deserializes an optimizer by module and class name: only
        # Adam, the one optimizer the estimators build, with plain values.
        if not (
            isinstance(optimizer, dict)
            and optimizer.get("module") == _OPTIMIZER_MODULE
            and optimizer.get("class_name") == _OPTIMIZER_CLASS
            and optimizer.get("registered_name") is None
            and set(optimizer) == {"module", "class_name", "config", "registered_name"}
            and isinstance(optimizer["config"], dict)
            and all(
                item is None or isinstance(item, (bool, int, float, str))
                for item in optimizer["config"].values()
            )
        ):
            raise self.error(
                "the network's optimizer is not the Adam configuration that "
                f"sklearn-lstmae writes: {optimizer!r}"
            )
