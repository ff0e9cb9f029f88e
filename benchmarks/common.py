"""What the benchmarks share: the machine, the protocol, and rows of scores.

A real-data benchmark produces rows, one flat dict per data set, method and
seed, such as ``{"dataset": "GunPoint", "method": "LSTM autoencoder", "seed":
0, "ari": 0.1, "nmi": 0.2, "accuracy": 0.8, "fit_seconds": 9.5}``; a method
without one of the :data:`COLUMNS` (a clustering has no accuracy) leaves its key
out. The functions here fit and score the autoencoder into such rows
(:func:`fit_and_score`), select and average them, format them as Markdown
tables, and record where and how a run was made (:class:`BenchmarkRun`), so
that each script holds only its own question. ``real_datasets`` loads the
series, ``baselines`` scores the methods that read them without a model.

Scripts import these three modules, never one another. Importing this module
starts neither TensorFlow nor any optional package: the estimator loads on its
first use, and :func:`describe_machine` reads versions from the installed
distributions' metadata.
"""

import argparse
import importlib
import importlib.metadata
import json
import os
import platform
import shlex
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

import sklearn_lstmae
from sklearn_lstmae._evaluation import evaluate_features, kmeans_agreement
from sklearn_lstmae._quiet import quiet_tensorflow

__all__ = [
    "AUTOENCODER",
    "BenchmarkRun",
    "COLUMNS",
    "HEADERS",
    "METRICS",
    "PROTOCOLS",
    "RECONSTRUCTION",
    "REPO_ROOT",
    "RESULTS_DIR",
    "add_seeds_and_params",
    "autoencoder_line",
    "average_over_datasets",
    "average_table",
    "dataset_table",
    "describe_machine",
    "display_path",
    "fit_and_score",
    "fit_and_score_variants",
    "import_optional",
    "parse_params",
    "per_dataset_table",
    "print_progress",
    "reconstruction_errors",
    "recorded_command",
    "save_results",
    "score_features",
    "select_rows",
    "summary_cells",
    "transformer_parameters",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
# Recorded results, committed; smoke runs write elsewhere with --output.
RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"

# Scores of features, higher is better: ARI and NMI of clusters against the
# classes, and the test accuracy of a classifier.
METRICS = ("ari", "nmi", "accuracy")
# The columns of every table, in order.
COLUMNS = (*METRICS, "fit_seconds")
# The method name of the autoencoder's rows.
AUTOENCODER = "LSTM autoencoder"
# How features are scored (score_features): "pipeline" as the README's user
# does, KMeans and LogisticRegression directly on transform's output;
# "standardized" with each feature scaled first, as bench_quality.py's results
# up to 2026-12-01 were.
PROTOCOLS = ("pipeline", "standardized")
# The reconstruction columns of equal-length data sets (reconstruction_errors).
RECONSTRUCTION = ("ae_mse", "pca_mse", "reconstruction_ratio")
# Each column's header in tables.
HEADERS = {
    "ari": "ARI",
    "nmi": "NMI",
    "accuracy": "accuracy",
    "fit_seconds": "fit seconds",
    "ae_mse": "autoencoder MSE",
    "pca_mse": "PCA MSE",
    "reconstruction_ratio": "MSE ratio",
    "roc_auc": "ROC AUC",
    "average_precision": "average precision",
    "ucr_score": "UCR score",
    "score_seconds": "score seconds",
}

# Optional packages whose versions a result depends on, if installed.
_OPTIONAL_DISTRIBUTIONS = ("aeon", "tslearn")


def describe_machine():
    """The processor, cores, memory and versions that a result depends on.

    Versions come from the installed distributions' metadata, so that no
    optional package is imported; only Keras is, to name its backend, which
    every benchmark uses anyway. Nothing in the description names a path.

    Returns
    -------
    str
        One line, e.g. ``"AMD EPYC, 2 cores, 24 GiB; Python 3.11.7, NumPy
        2.3.5, scikit-learn 1.9.1, Keras 3.15.1 (tensorflow 2.21.0 backend),
        sklearn-lstmae 0.1.0, aeon 1.6.0, tslearn 0.10.0"``.
    """
    with quiet_tensorflow():
        import keras

    backend = keras.config.backend()
    backend_version = _installed_version(backend)
    hardware = [_processor(), f"{os.cpu_count()} cores"]
    memory = _memory_gib()
    if memory is not None:
        hardware.append(f"{memory:.0f} GiB")
    software = [
        f"Python {platform.python_version()}",
        f"NumPy {np.__version__}",
        f"scikit-learn {_installed_version('scikit-learn')}",
        f"Keras {keras.__version__} ({backend} "
        + (f"{backend_version} " if backend_version else "")
        + "backend)",
        f"sklearn-lstmae {sklearn_lstmae.__version__}",
    ]
    for distribution in _OPTIONAL_DISTRIBUTIONS:
        version = _installed_version(distribution)
        if version is not None:
            software.append(f"{distribution} {version}")
    return ", ".join(hardware) + "; " + ", ".join(software)


def _processor():
    """The processor's model name, or its architecture where none is known."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _memory_gib():
    """Physical memory in GiB, or None where the system does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (AttributeError, ValueError, OSError):
        # Windows has no sysconf; some systems lack one of the two names.
        return None


def _installed_version(distribution):
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def import_optional(module, needed_for):
    """Import a module of the ``benchmark`` extra, or say how to install it.

    Parameters
    ----------
    module : str
        The module's dotted name, e.g. ``"tslearn.clustering"``.

    needed_for : str
        What needs it, for the error: a data set or a baseline.

    Returns
    -------
    module

    Raises
    ------
    ImportError
        If the package is missing, with the command that installs it.

    Examples
    --------
    >>> import_optional("json", "the example").__name__
    'json'
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(
            f"{needed_for} needs {module.split('.')[0]}: "
            'pip install "sklearn-lstmae[benchmark]"'
        ) from error


def display_path(path):
    """A path as results may record it: relative to the repository, or its name.

    A path outside the repository would record the machine it ran on, so only
    its file name is kept.

    Examples
    --------
    >>> display_path(RESULTS_DIR / "quality.json")
    'benchmarks/results/quality.json'
    >>> display_path("/elsewhere/p32.json")
    'p32.json'
    """
    path = Path(path).resolve()
    try:
        return path.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return path.name


def recorded_command(argv=None):
    """The command line of this run, with every absolute path made portable.

    Parameters
    ----------
    argv : list of str, default=None
        The arguments, script first; ``sys.argv`` if None.

    Returns
    -------
    str
        ``python`` and the arguments, shell-quoted, absolute paths (also in
        ``--option=path``) replaced by :func:`display_path`.

    Examples
    --------
    >>> script = "benchmarks/bench_quality.py"
    >>> print(recorded_command([script, "--output", "/elsewhere/q.json"]))
    python benchmarks/bench_quality.py --output q.json
    >>> print(recorded_command([script, "--params", '{"epochs": 2}']))
    python benchmarks/bench_quality.py --params '{"epochs": 2}'
    """
    argv = sys.argv if argv is None else argv
    return shlex.join(["python", *map(_portable_argument, argv)])


def _portable_argument(argument):
    option, equals, value = argument.partition("=")
    if equals and option.startswith("--") and os.path.isabs(value):
        return f"{option}={display_path(value)}"
    return display_path(argument) if os.path.isabs(argument) else argument


def parse_params(text):
    """``--params``: a JSON object of LSTMAutoencoderTransformer parameters.

    For ``argparse``'s ``type``: an unknown name or a ``random_state`` (which
    the seeds set) fails when the command line is read, not after minutes of
    fits.

    Examples
    --------
    >>> parse_params('{"epochs": 2}')
    {'epochs': 2}
    """
    params = json.loads(text)
    if not isinstance(params, dict):
        raise argparse.ArgumentTypeError(f"expected a JSON object, got {text!r}")
    if "random_state" in params:
        raise argparse.ArgumentTypeError("random_state is set by the seeds")
    sklearn_lstmae.LSTMAutoencoderTransformer(**params)
    return params


def add_seeds_and_params(parser, *, seeds):
    """Add ``--seeds`` and ``--params`` to ``parser``, as the benchmarks read them.

    Parameters
    ----------
    parser : argparse.ArgumentParser

    seeds : int
        The default number of seeds, 0 to ``seeds - 1``.
    """
    parser.add_argument("--seeds", type=int, default=seeds, help="seeds 0 to N - 1")
    parser.add_argument(
        "--params",
        type=parse_params,
        default={},
        help="JSON object of transformer parameters to change from the defaults",
    )


def transformer_parameters(params):
    """All the transformer's parameters, with ``params`` changed, but the seed.

    Parameters
    ----------
    params : dict
        Parameters changed from the transformer's defaults.

    Returns
    -------
    dict
        ``get_params()`` of ``LSTMAutoencoderTransformer(**params)`` without
        ``random_state``, which each seed sets: what a result records so that
        it stays readable after the defaults change.
    """
    parameters = sklearn_lstmae.LSTMAutoencoderTransformer(**params).get_params()
    del parameters["random_state"]
    return parameters


def score_features(Z_train, y_train, Z_test, y_test, *, seed, protocol="standardized"):
    """Score features of the train and test series by one of the :data:`PROTOCOLS`.

    Parameters
    ----------
    Z_train, Z_test : array-like of shape (n_series, n_features)
        Fixed-length vectors of each split's series: ``transform``'s output,
        or a baseline's features.

    y_train, y_test : array-like of shape (n_series,)
        The classes of those series.

    seed : int
        The ``random_state`` of k-means.

    protocol : {"pipeline", "standardized"}, default="standardized"
        The default is the protocol every result recorded before
        ``bench_wide.py`` used, so that their scripts stay comparable with
        them; ``bench_wide.py`` scores by ``"pipeline"``, the user's.
        ``"pipeline"`` scores the features as a user of the README's
        ``make_pipeline(LSTMAutoencoderTransformer(...), KMeans(k))`` gets
        them: k-means (k = number of classes, 10 initialisations) directly on
        the features of all series, train and test together, and a
        ``LogisticRegression(max_iter=1000)`` directly on the train features.
        ``"standardized"`` scales each feature first
        (``sklearn_lstmae._evaluation.evaluate_features``), which favours no
        latent dimension by its scale, but is not what the pipeline does.

    Returns
    -------
    dict of str to float
        ``"ari"`` and ``"nmi"`` of the clusters against the classes, and the
        ``"accuracy"`` of the regression on the test series.

    Examples
    --------
    >>> Z = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 0.0], [5.1, 0.0]])
    >>> y = np.array([0, 0, 1, 1])
    >>> score_features(Z, y, Z, y, seed=0, protocol="pipeline")
    {'ari': 1.0, 'nmi': 1.0, 'accuracy': 1.0}
    """
    if protocol == "standardized":
        return evaluate_features(Z_train, y_train, Z_test, y_test, random_state=seed)
    if protocol != "pipeline":
        raise ValueError(f"protocol must be one of {PROTOCOLS}. Received: {protocol=}")
    scores = kmeans_agreement(
        np.concatenate([Z_train, Z_test]),
        np.concatenate([y_train, y_test]),
        random_state=seed,
    )
    probe = LogisticRegression(max_iter=1000).fit(Z_train, y_train)
    scores["accuracy"] = float(probe.score(Z_test, y_test))
    return scores


def fit_and_score(
    split,
    params,
    *,
    seed,
    fit_on="train",
    protocol="standardized",
    reconstruction=False,
    standardized_too=False,
):
    """Fit the autoencoder on a data set's split, time the fit, score its features.

    Parameters
    ----------
    split : real_datasets.Split
        The data set's train and test series and labels.

    params : dict
        Parameters of ``LSTMAutoencoderTransformer`` changed from its defaults.

    seed : int
        Its ``random_state``, and the seed of the k-means that scores it.

    fit_on : {"train", "all"}, default="train"
        Fit on the train series alone, as a feature extractor is fitted before
        new data come, or on train and test series together, without their
        labels, as an unsupervised feature learner may be.

    protocol : {"pipeline", "standardized"}, default="standardized"
        How :func:`score_features` scores the features.

    reconstruction : bool, default=False
        Also measure the test series' reconstruction against PCA's
        (:func:`reconstruction_errors`), where the series all have one length
        and the fitted objective has ``inverse_transform``.

    standardized_too : bool, default=False
        Also score, by ``protocol``, the features standardized with the mean
        and standard deviation of the train features, as
        ``standardize_features=True`` returns them from the same network:
        the :data:`METRICS` again, with suffix ``"_standardized"``. One fit
        then compares both settings of the option.

    Returns
    -------
    dict of str to float
        The :data:`METRICS` of :func:`score_features` on the features of the
        train and test series, the :data:`RECONSTRUCTION` columns if measured,
        and ``"fit_seconds"``, the time of ``fit`` alone. A fit whose training
        diverges scores NaN: with candidate parameters that is a result, not a
        reason to lose the rest of the run.
    """
    if fit_on not in ("train", "all"):
        raise ValueError(f'fit_on must be "train" or "all". Received: {fit_on=}')
    transformer = sklearn_lstmae.LSTMAutoencoderTransformer(**params, random_state=seed)
    start = time.perf_counter()
    try:
        transformer.fit(split.X_train if fit_on == "train" else split.X_all)
    except sklearn_lstmae.TrainingDivergedError:
        return {
            **dict.fromkeys(METRICS, float("nan")),
            "fit_seconds": time.perf_counter() - start,
        }
    fit_seconds = time.perf_counter() - start
    Z_train, Z_test = (
        transformer.transform(split.X_train),
        transformer.transform(split.X_test),
    )
    scores = score_features(
        Z_train, split.y_train, Z_test, split.y_test, seed=seed, protocol=protocol
    )
    if standardized_too:
        scaler = StandardScaler().fit(Z_train)
        standardized = score_features(
            scaler.transform(Z_train),
            split.y_train,
            scaler.transform(Z_test),
            split.y_test,
            seed=seed,
            protocol=protocol,
        )
        scores.update(
            {f"{metric}_standardized": value for metric, value in standardized.items()}
        )
    if (
        reconstruction
        and _has_one_length(split)
        and hasattr(transformer, "inverse_transform")
    ):
        decoded = transformer.inverse_transform(Z_test)
        scores.update(
            reconstruction_errors(split, decoded, n_components=transformer.latent_dim)
        )
    return {**scores, "fit_seconds": fit_seconds}


def _has_one_length(split):
    """Whether all series of ``split``, train and test, have the same length."""
    return (
        isinstance(split.X_train, np.ndarray)
        and isinstance(split.X_test, np.ndarray)
        and split.X_train.shape[1:] == split.X_test.shape[1:]
    )


def reconstruction_errors(split, decoded, *, n_components):
    """Test-split reconstruction error of a model and of PCA, in scaled units.

    Both are measured where the transformer's default ``scaling="standard"``
    trains: each channel standardized with the mean and standard deviation of
    the train split over all its series and steps. PCA with ``n_components``
    (the autoencoder's ``latent_dim``) is fitted on the flattened scaled train
    series and reconstructs the flattened scaled test series: the linear
    model of the same size that the autoencoder should at least match.

    Parameters
    ----------
    split : real_datasets.Split
        A data set whose series all have one length, as arrays.

    decoded : ndarray
        The model's reconstruction of ``split.X_test``, in its units and
        layout, e.g. ``inverse_transform(transform(X_test))``.

    n_components : int
        PCA's components.

    Returns
    -------
    dict of str to float
        ``"ae_mse"``, ``"pca_mse"`` and their ``"reconstruction_ratio"``
        (the model's over PCA's: at most 1 where the model is as good).

    Examples
    --------
    Rows on one line, which PCA's one component holds; a model that misses
    every step by one standard deviation:

    >>> from real_datasets import Split
    >>> X = np.arange(12.0).reshape(4, 3)
    >>> split = Split("toy", X, np.zeros(4), X, np.zeros(4), 0)
    >>> errors = reconstruction_errors(split, X + X.std(), n_components=1)
    >>> round(errors["ae_mse"], 6), errors["pca_mse"] < 1e-20
    (1.0, True)
    """
    X_train, X_test, decoded = (
        np.asarray(X, dtype=float) for X in (split.X_train, split.X_test, decoded)
    )
    # Univariate series are one channel; else each channel on its own.
    axes = (0, 1) if X_train.ndim == 3 else None
    mean = X_train.mean(axis=axes)
    std = X_train.std(axis=axes)
    std = np.where(std > 0, std, 1.0)

    def flattened(X):
        return ((X - mean) / std).reshape(len(X), -1)

    target = flattened(X_test)
    model_mse = float(np.mean((flattened(decoded) - target) ** 2))
    pca = PCA(n_components=n_components).fit(flattened(X_train))
    pca_decoded = pca.inverse_transform(pca.transform(target))
    pca_mse = float(np.mean((pca_decoded - target) ** 2))
    return {
        "ae_mse": model_mse,
        "pca_mse": pca_mse,
        "reconstruction_ratio": model_mse / pca_mse,
    }


def fit_and_score_variants(
    split, variants, n_seeds, record, *, row_parameters=(), **fit_options
):
    """Fit and score each variant of the autoencoder with each seed on one split.

    Within a seed the variants run in an order rotated by the seed, so that
    none always comes first: that spreads the warm-up of the first fit, and
    drifts in the machine's load, over all of them.

    Parameters
    ----------
    split : real_datasets.Split
        The data set, as :func:`fit_and_score` takes it.

    variants : dict of str to dict
        The method name of each variant, and the parameters of
        ``LSTMAutoencoderTransformer`` that it changes from the defaults.

    n_seeds : int
        Seeds 0 to ``n_seeds - 1``, each seeding the transformer and k-means.

    record : callable
        Called with each row as soon as it is scored: data set, method, the
        ``row_parameters``, seed and :data:`COLUMNS`.

    row_parameters : iterable of str, default=()
        Parameters of the variants that the rows record, e.g. the one that
        tells them apart.

    **fit_options
        Passed on to :func:`fit_and_score`: ``protocol``, ``reconstruction``.
    """
    for seed in range(n_seeds):
        for method in rotated(variants, seed):
            params = variants[method]
            labels = {parameter: params[parameter] for parameter in row_parameters}
            scores = fit_and_score(split, params, seed=seed, **fit_options)
            record(
                {
                    "dataset": split.name,
                    "method": method,
                    **labels,
                    "seed": seed,
                    **scores,
                }
            )


def rotated(items, shift):
    """``items`` as a list, rotated left by ``shift``.

    Examples
    --------
    >>> rotated(["a", "b", "c"], 4)
    ['b', 'c', 'a']
    """
    items = list(items)
    shift %= max(len(items), 1)
    return items[shift:] + items[:shift]


def autoencoder_line(parameters, label):
    """The report's line on how the autoencoder was fitted, with its parameters.

    Parameters
    ----------
    parameters : dict
        The parameters to list, e.g. :func:`transformer_parameters`.

    label : str
        What they are, e.g. ``"parameters"`` or what each fit changes in them.

    Examples
    --------
    >>> print(autoencoder_line({"epochs": 2}, "parameters"))
    Autoencoder: LSTMAutoencoderTransformer fitted on the train split,
    random_state = seed, parameters: epochs=2
    """
    return (
        "Autoencoder: LSTMAutoencoderTransformer fitted on the train split, "
        f"random_state = seed, {label}: "
        + ", ".join(f"{key}={value!r}" for key, value in parameters.items())
    )


def select_rows(rows, **conditions):
    """The rows whose values equal all of ``conditions``.

    Examples
    --------
    >>> rows = [{"method": "a", "seed": 0}, {"method": "b", "seed": 0}]
    >>> select_rows(rows, method="b")
    [{'method': 'b', 'seed': 0}]
    """
    return [
        row
        for row in rows
        if all(row[key] == value for key, value in conditions.items())
    ]


def average_over_datasets(rows, methods, *, key="method", columns=COLUMNS):
    """Per method, the mean over data sets of each column, seed by seed.

    Averaging seed by seed makes the standard deviation over seeds that of the
    average itself, and its mean the mean of the per-data-set means. A method
    that is not seeded (``"seed"`` None, e.g. 1-NN) gets one row.

    Parameters
    ----------
    rows : list of dict
        Rows with keys ``"dataset"``, ``"seed"``, ``key`` and columns.

    methods : iterable
        The values of ``key`` to average.

    key : str, default="method"
        What tells the methods apart, e.g. ``"scaling"`` where one estimator
        is compared with itself.

    columns : sequence of str, default=COLUMNS
        The columns to average, each a key of :data:`HEADERS`.

    Returns
    -------
    dict
        For each method, one row per seed of the ``columns`` that all its
        rows have.

    Examples
    --------
    >>> rows = [
    ...     {"dataset": "A", "method": "m", "seed": 0, "ari": 0.2},
    ...     {"dataset": "B", "method": "m", "seed": 0, "ari": 0.4},
    ... ]
    >>> average_over_datasets(rows, ["m"])
    {'m': [{'ari': 0.3...}]}
    """
    averaged = {}
    for method in methods:
        method_rows = select_rows(rows, **{key: method})
        seeds = dict.fromkeys(row["seed"] for row in method_rows)
        averaged[method] = [
            {
                column: float(np.mean([row[column] for row in same_seed]))
                for column in _columns_of(same_seed, columns)
            }
            for same_seed in (select_rows(method_rows, seed=seed) for seed in seeds)
        ]
    return averaged


def summary_cells(rows, columns=COLUMNS):
    """Markdown cells "mean ± std" over ``rows`` (seeds) for each of ``columns``.

    Seconds get one decimal, scores three; the standard deviation is the
    sample one, zero for a single row. A dash stands for a column that the
    rows do not all have.

    Examples
    --------
    >>> summary_cells([{"ari": 0.5}, {"ari": 0.7}], ["ari", "accuracy"])
    '0.600 ± 0.141 | –'
    """
    present = _columns_of(rows, columns)
    cells = []
    for column in columns:
        if column not in present:
            cells.append("–")
            continue
        values = [row[column] for row in rows]
        std = np.std(values, ddof=1) if len(values) > 1 else 0.0
        digits = 1 if column.endswith("seconds") else 3
        cells.append(f"{np.mean(values):.{digits}f} ± {std:.{digits}f}")
    return " | ".join(cells)


def _columns_of(rows, columns=COLUMNS):
    return [column for column in columns if rows and all(column in row for row in rows)]


def dataset_table(rows, datasets, methods, *, key="method", columns=COLUMNS):
    """Markdown table: each method on each data set, mean ± std over seeds.

    Parameters
    ----------
    rows : list of dict
        Rows with keys ``"dataset"``, ``key`` and columns.

    datasets, methods : iterable
        Row order: data sets, and within each the values of ``key``.

    key : str, default="method"
        What tells the methods apart, and the second column's header.

    columns : sequence of str, default=COLUMNS
        The table's columns after the data set and method, each a key of
        :data:`HEADERS`.

    Returns
    -------
    list of str
    """
    lines = [
        f"| dataset | {key} | " + " | ".join(HEADERS[c] for c in columns) + " |",
        "|---|---|" + "---|" * len(columns),
    ]
    for name in datasets:
        for method in methods:
            method_rows = select_rows(rows, dataset=name, **{key: method})
            cells = summary_cells(method_rows, columns)
            lines.append(f"| {name} | {method} | {cells} |")
    return lines


def average_table(averaged, *, key="method", columns=COLUMNS):
    """Markdown table of :func:`average_over_datasets`, mean ± std over seeds.

    Parameters
    ----------
    averaged : dict
        :func:`average_over_datasets`'s rows of each method.

    key : str, default="method"
        The first column's header.

    columns : sequence of str, default=COLUMNS
        The table's columns after the method, each a key of :data:`HEADERS`.

    Returns
    -------
    list of str
        The table's lines, under a line that says how it was averaged.
    """
    return [
        "Average over data sets (mean of the per-data-set means; std over seeds):",
        f"| {key} | " + " | ".join(HEADERS[c] for c in columns) + " |",
        "|---|" + "---|" * len(columns),
        *(
            f"| {method} | {summary_cells(rows, columns)} |"
            for method, rows in averaged.items()
        ),
    ]


def per_dataset_table(rows, metric, methods, datasets, *, header="method", marked=()):
    """Markdown table of one metric: each method's mean over seeds per data set.

    Parameters
    ----------
    rows : list of dict
        Rows with keys ``"dataset"``, ``"method"`` and ``metric``.

    metric : str
        One of :data:`COLUMNS`.

    methods : iterable of str
        The table's rows, in order.

    datasets : sequence of str
        The table's columns; a dash where a method has no rows for one.

    header : str, default="method"
        The first column's header.

    marked : collection of str, default=()
        Methods whose label gets a star, e.g. rows read from another run.

    Returns
    -------
    list of str

    Examples
    --------
    >>> rows = [
    ...     {"dataset": "A", "method": "m", "ari": 0.25},
    ...     {"dataset": "A", "method": "m", "ari": 0.75},
    ... ]
    >>> print("\\n".join(per_dataset_table(rows, "ari", ["m"], ["A", "B"])))
    | method | A | B |
    |---|---|---|
    | m | 0.500 | – |
    """
    lines = [
        f"| {header} | " + " | ".join(datasets) + " |",
        "|---|" + "---|" * len(datasets),
    ]
    for method in methods:
        cells = []
        for name in datasets:
            values = [
                row[metric] for row in select_rows(rows, dataset=name, method=method)
            ]
            cells.append(f"{np.mean(values):.3f}" if values else "–")
        label = f"{method} *" if method in marked else method
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def print_progress(row, *, file=None):
    """Print one line for a scored row, to follow a long run.

    Parameters
    ----------
    row : dict
        What tells the row apart (data set, method, seed, ...), then its
        columns.

    file : file-like, default=None
        Where to print; standard error if None, so that the report on
        standard output stays clean.

    Examples
    --------
    >>> import sys
    >>> row = {"dataset": "A", "method": "m", "seed": 0, "ari": 0.25}
    >>> print_progress(row, file=sys.stdout)
    dataset=A method=m seed=0: ari=0.250
    """
    labels = " ".join(
        f"{key}={value}" for key, value in row.items() if key not in HEADERS
    )
    scores = ", ".join(
        f"{column}={row[column]:.3f}" for column in _columns_of([row], HEADERS)
    )
    print(f"{labels}: {scores}", file=sys.stderr if file is None else file, flush=True)


def save_results(output, content, report=None):
    """Write a run's raw results as JSON, and its report beside it as ``.txt``.

    Parameters
    ----------
    output : path-like
        The JSON file; its folder is made if missing.

    content : dict
        What to record; NaN scores are written as JSON's ``NaN``.

    report : list of str, default=None
        The printed report's lines, written to ``output`` with suffix
        ``.txt``; none if None, e.g. for the partial results of a run that
        is still going.
    """
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(content, indent=1) + "\n")
    if report is not None:
        output.with_suffix(".txt").write_text("\n".join(report) + "\n")


class BenchmarkRun:
    """One run of a real-data benchmark: its rows as they come, then its report.

    It records the machine, the command line and the start time when made,
    keeps each scored row (:meth:`record`) and the scripts' line of facts
    about each data set (:attr:`facts`), and :meth:`finish` prints the report
    and saves it with the raw results. The raw results are, in order:
    ``"machine"``, ``"command"``, the ``settings``, ``"datasets"`` (the
    facts), ``"results"`` (the rows), ``"complete"`` if ``save_every_row``,
    the summary given to :meth:`finish`, and ``"total_seconds"``.

    Parameters
    ----------
    output : path-like
        The JSON file of raw results; the report goes beside it
        (:func:`save_results`).

    settings : dict
        What the run was asked, e.g. ``{"params": {}, "seeds": 3}``; read
        each time the results are saved, so a dict in it may fill as the run
        goes.

    save_every_row : bool, default=False
        Rewrite ``output`` after every row, marked ``"complete": false``, so
        that an interrupted run of many fits keeps its results.

    Attributes
    ----------
    machine : str
        :func:`describe_machine`.

    command : str
        :func:`recorded_command`.

    facts : list of str
        One line about each data set, appended by the script, e.g.
        ``Split.describe()``.

    rows : list of dict
        The rows recorded so far.
    """

    def __init__(self, output, settings, *, save_every_row=False):
        self.output = Path(output)
        self.settings = settings
        self.save_every_row = save_every_row
        self.machine = describe_machine()
        self.command = recorded_command()
        self.facts = []
        self.rows = []
        self._start = time.perf_counter()

    def record(self, row):
        """Keep a scored row, print its progress line, and save if asked to."""
        self.rows.append(row)
        print_progress(row)
        if self.save_every_row:
            save_results(self.output, self._content(complete=False))

    def finish(self, description, tables, **summary):
        """Print the report; save it beside the raw results, now complete.

        Parameters
        ----------
        description : list of str
            How the run was made: report lines between the command and the
            facts about the data sets.

        tables : list of str
            The results: report lines after the facts.

        **summary
            What else the raw results record after the rows, e.g.
            ``averages``.
        """
        total_seconds = time.perf_counter() - self._start
        report = [
            f"Machine: {self.machine}",
            f"Command: {self.command}",
            *description,
            *self.facts,
            *tables,
            f"Total run time: {total_seconds / 60:.1f} min",
            f"Raw results: {display_path(self.output)}",
        ]
        print("\n".join(report))
        content = self._content(complete=True, **summary, total_seconds=total_seconds)
        save_results(self.output, content, report)

    def _content(self, *, complete, **summary):
        content = {
            "machine": self.machine,
            "command": self.command,
            **self.settings,
            "datasets": self.facts,
            "results": self.rows,
        }
        if self.save_every_row:
            content["complete"] = complete
        return {**content, **summary}
