"""Reading a dataset that ships inside the package: arrays, classes, description."""

from importlib import resources

import numpy as np
from sklearn.utils import Bunch

__all__ = ["load_shipped"]

SUBSETS = ("train", "test", "all")


def load_shipped(name, *, subset, return_X_y, target_names):
    """Load ``data/<name>.npz`` and ``descr/<name>.rst`` of this subpackage.

    The file holds ``X_train``, ``y_train``, ``X_test`` and ``y_test``;
    ``subset="all"`` is the train part followed by the test part. Values are
    served as float64 and classes as int64, as scikit-learn's loaders do.
    """
    if subset not in SUBSETS:
        raise ValueError(f"subset must be one of {SUBSETS}; got subset={subset!r}.")
    package = resources.files(__package__)
    with np.load(package / "data" / f"{name}.npz") as arrays:
        parts = ("train", "test") if subset == "all" else (subset,)
        data = np.concatenate([arrays[f"X_{part}"] for part in parts])
        target = np.concatenate([arrays[f"y_{part}"] for part in parts])
    # Stored as float32 (the archives' digits fit); served as scikit-learn does.
    data = data.astype(np.float64)
    target = target.astype(np.int64)
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        target_names=list(target_names),
        DESCR=(package / "descr" / f"{name}.rst").read_text(),
    )
