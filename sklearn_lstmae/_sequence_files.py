"""Files of sequences in, files of features out: the command line's formats.

Reading gives what the estimators accept (a 2-D or 3-D array, NaN after the
end of shorter sequences, or a list of arrays); writing takes a 2-D table of
numbers, or sequences. The formats, by file extension:

- ``.csv``: one sequence per row, comma-separated; a row may end early, or
  hold empty cells or ``NaN`` after a shorter sequence's end. A first row
  that is not all numbers is a header and skipped. With ``n_features`` k > 1,
  each row holds the values step by step, k per step
  (``t0_f0, t0_f1, ..., t1_f0, ...``).
- ``.npy``: one array, ``(n_samples, n_timesteps)`` or
  ``(n_samples, n_timesteps, n_features)``, NaN-padded for different lengths.
- ``.npz``: the array named ``X``, or the only array in the file.
- ``.ts``: the UCR/UEA archives' format, read by aeon's ``load_from_ts_file``
  (aeon must be installed); its channels-first layout is turned into ours.

Nothing is unpickled (``allow_pickle=False``). This module knows NumPy and,
lazily, pandas and aeon; not Keras.
"""

import csv
import math
from pathlib import Path

import numpy as np

__all__ = [
    "DataFileError",
    "INPUT_FORMATS",
    "check_output_format",
    "read_sequences_file",
    "write_sequences",
    "write_table",
]

INPUT_FORMATS = (".csv", ".npy", ".npz", ".ts")
OUTPUT_FORMATS = (".csv", ".npy", ".parquet")


class DataFileError(ValueError):
    """A data file that cannot be read as sequences, or written."""


def read_sequences_file(path, *, n_features=1):
    """Read sequences from ``path``, in the format its extension names.

    Parameters
    ----------
    path : str or path-like
        A ``.csv``, ``.npy``, ``.npz`` or ``.ts`` file.
    n_features : int, default=1
        Values per time step in a CSV row; ignored by the other formats,
        whose arrays say it.

    Returns
    -------
    X : ndarray or list of ndarray
        Sequences as the estimators accept them.

    Examples
    --------
    >>> import os, tempfile
    >>> from sklearn_lstmae._sequence_files import read_sequences_file
    >>> path = os.path.join(tempfile.mkdtemp(), "x.csv")
    >>> _ = open(path, "w").write("1,2,3\\n4,5\\n")
    >>> read_sequences_file(path)
    array([[ 1.,  2.,  3.],
           [ 4.,  5., nan]])
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in INPUT_FORMATS:
        raise DataFileError(
            f"{path}: unknown format {suffix or '(no extension)'!r}; expected "
            f"one of {', '.join(INPUT_FORMATS)}."
        )
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file.")
    reader = {".csv": _read_csv, ".npy": _read_npy, ".npz": _read_npz, ".ts": _read_ts}
    try:
        X = reader[suffix](path, n_features)
    except DataFileError:
        raise
    except (ValueError, OSError, EOFError, KeyError, UnicodeDecodeError) as error:
        raise DataFileError(f"{path}: not a readable {suffix} file: {error}") from error
    if isinstance(X, np.ndarray):
        if X.dtype.kind not in "biuf":
            raise DataFileError(f"{path}: holds {X.dtype} values; expected numbers.")
        if X.ndim not in (2, 3) or X.size == 0:
            raise DataFileError(
                f"{path}: holds an array of shape {X.shape}; expected "
                "(n_samples, n_timesteps) or (n_samples, n_timesteps, n_features)."
            )
    return X


def _read_csv(path, n_features):
    with open(path, newline="", encoding="utf-8") as file:
        rows = [row for row in csv.reader(file) if row]
    if rows and not _all_numbers(rows[0]):
        rows = rows[1:]  # a header
    if not rows:
        raise DataFileError(f"{path}: no rows of values.")
    values = []
    for number, row in enumerate(rows, start=1):
        try:
            values.append([_cell(cell) for cell in row])
        except ValueError:
            raise DataFileError(
                f"{path}: row {number} holds a cell that is not a number: "
                f"{next(cell for cell in row if not _is_number(cell))!r}."
            ) from None
    width = max(len(row) for row in values)
    if width % n_features:
        raise DataFileError(
            f"{path}: rows of {width} values cannot hold steps of "
            f"n_features={n_features} values each."
        )
    table = np.full((len(values), width), np.nan)
    for index, row in enumerate(values):
        table[index, : len(row)] = row
    if n_features == 1:
        return table
    return table.reshape(len(values), width // n_features, n_features)


def _cell(text):
    text = text.strip()
    return math.nan if text == "" else float(text)


def _is_number(text):
    try:
        _cell(text)
    except ValueError:
        return False
    return True


def _all_numbers(row):
    return all(_is_number(cell) for cell in row)


def _read_npy(path, n_features):
    return np.load(path, allow_pickle=False)


def _read_npz(path, n_features):
    with np.load(path, allow_pickle=False) as arrays:
        names = list(arrays.files)
        if "X" in names:
            return arrays["X"]
        if len(names) == 1:
            return arrays[names[0]]
    raise DataFileError(
        f"{path}: holds arrays {names}; expected one named 'X', or a single array."
    )


def _read_ts(path, n_features):
    try:
        from aeon.datasets import load_from_ts_file
    except ImportError:
        raise DataFileError(
            f"{path}: reading .ts files needs aeon: pip install aeon"
        ) from None
    from ._sequences import channels_last

    X, _ = load_from_ts_file(str(path))
    return channels_last(X)


def check_output_format(path):
    """Refuse an output path of a format :func:`write_table` cannot write."""
    if path is None:
        return
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise DataFileError(
            f"{path}: unknown output format {suffix or '(no extension)'!r}; "
            f"expected one of {', '.join(OUTPUT_FORMATS)}."
        )


def write_table(table, path, *, columns):
    """Write a 2-D table of numbers to ``path``, or to stdout as CSV if None.

    Parameters
    ----------
    table : ndarray of shape (n_rows, n_columns)
        The values.
    path : str, path-like or None
        A ``.csv``, ``.npy`` or ``.parquet`` file (Parquet needs pandas and
        pyarrow); None writes CSV to standard output.
    columns : list of str
        Column names, the header of CSV and Parquet.
    """
    import sys

    if path is None:
        _write_csv(table, sys.stdout, columns)
        return
    check_output_format(path)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".npy":
        np.save(path, table, allow_pickle=False)
    elif suffix == ".csv":
        with open(path, "w", newline="", encoding="utf-8") as file:
            _write_csv(table, file, columns)
    else:
        try:
            import pandas as pd

            pd.DataFrame(table, columns=columns).to_parquet(path)
        except ImportError as error:
            raise DataFileError(
                f"{path}: writing Parquet needs pandas and pyarrow ({error})."
            ) from None


def _write_csv(table, file, columns):
    writer = csv.writer(file, lineterminator="\n")
    writer.writerow(columns)
    for row in table:
        writer.writerow(
            ["" if np.isnan(value) else repr(float(value)) for value in row]
        )


def write_sequences(X, path):
    """Write sequences in the layout :func:`read_sequences_file` reads back.

    ``.npy`` keeps the array (2-D or 3-D, NaN after shorter sequences' ends);
    CSV and Parquet hold a row per sequence, step by step, the values of each
    step side by side (columns ``t0``, ``t1``, ... or ``t0_f0``, ``t0_f1``,
    ...).
    """
    if isinstance(X, list):
        longest = max(len(sequence) for sequence in X)
        padded = [
            np.pad(
                np.asarray(sequence, dtype=float).reshape(len(sequence), -1),
                ((0, longest - len(sequence)), (0, 0)),
                constant_values=np.nan,
            )
            for sequence in X
        ]
        X = np.stack(padded)
        if X.shape[2] == 1:
            X = X[:, :, 0]
    if path is not None and Path(path).suffix.lower() == ".npy":
        np.save(path, X, allow_pickle=False)
        return
    n_timesteps = X.shape[1]
    if X.ndim == 2:
        columns = [f"t{step}" for step in range(n_timesteps)]
    else:
        columns = [
            f"t{step}_f{feature}"
            for step in range(n_timesteps)
            for feature in range(X.shape[2])
        ]
    write_table(X.reshape(len(X), -1), path, columns=columns)
