"""Anomaly detection: whole sequences, and points in one long series (issue 15).

Two questions, in one run, each method timed (``fit_seconds``: its ``fit``;
``score_seconds``: scoring the test series):

1. Whole sequences. On ArrowHead, GunPoint, BasicMotions (6 channels) and
   PickupGestureWiimoteZ (29 to 361 steps), loaded by ``real_datasets`` with
   the archive's split, each class in turn is the normal one: every method is
   fitted on that class's train series alone and scores the whole test split,
   whose series of the other classes are the anomalies. ROC AUC and average
   precision (anomaly the positive class, the anomaly score minus
   ``score_samples``, or ROCKAD's score as it is) of:

   - "LSTM autoencoder (<variant>)": ``LSTMAutoencoderOutlierDetector`` at its
     defaults, ``random_state`` the seed, with the parameters of each variant
     of ``--variants`` (default: ``{"defaults": {}}``), fitted on the normal
     series as they are (a list where their lengths differ). Variants that
     differ only in :data:`RESCORABLE` parameters share one fit, which the
     detector documents as valid: ``fit`` prepares every ``anomaly_score``,
     and ``set_params`` then changes ``score_samples`` without retraining.
     Their rows repeat that fit's seconds;
   - "IsolationForest on raw series" (``random_state`` the seed) and
     "LocalOutlierFactor on raw series" (``novelty=True``, deterministic, so
     run once): scikit-learn's defaults on ``baselines.raw_features``, each
     series resampled to the median length of the data set, z-normalized
     channel by channel and flattened. With fewer than 21 normal series, LOF
     uses all but one as neighbours (scikit-learn's rule; its warning is
     silenced here);
   - "ROCKAD": aeon's collection detector at its defaults (100 ROCKET
     kernels, power transform, 10 bootstrapped 5-nearest-neighbour
     estimators), ``random_state`` the seed, on the series as they are,
     channels first; it needs one length, so PickupGestureWiimoteZ's series
     are resampled to the median length as for the raw baselines.

   Per data set, each method's scores are averaged over its classes, seed by
   seed; the tables give mean ± std over seeds of those, and of their mean
   over the four data sets. Issue 15's targets, for each variant: mean ROC
   AUC above IsolationForest's and LOF's, and level with ROCKAD's (at most
   :data:`LEVEL_TOLERANCE` below it); the worst data set of each method.

2. Points in one long series: aeon's bundled KDD-TSAD 135 (UCR anomaly
   archive, InternalBleeding16: 7,501 points, one labelled anomaly at
   4,187 to 4,198). aeon ships its normal training part as a separate file,
   the first 1,200 points (checked here to equal the series' first 1,200);
   ``load_anomaly_detection(..., return_metadata=True)`` would read TimeEval's
   index over the network, so the boundary is read from that file. Every
   method sees the training part as normal where it can learn from it, and is
   scored on the points after it, the archive's test part:

   - the detector: ``make_pipeline(SlidingWindows(window, stride=1),
     LSTMAutoencoderOutlierDetector(random_state=seed, **variant))`` fitted on
     the training part; the whole series' windows scored two ways, each mapped
     back to one score per point by ``SlidingWindows.to_points`` with
     ``reduce="mean"``: "per-step errors" from ``score_steps``, and "window
     scores" from ``score_samples``;
   - aeon's ``STOMP`` (window ``window``; matrix profile self-join of the
     whole series), ``LeftSTAMPi`` (window ``window``, its matrix profile
     started on the training part, ``n_init_train`` = 1,200), ``MERLIN``
     (discords of ``window // 2`` to ``2 * window`` points; binary output),
     ``KMeansAD`` (window ``window``, 20 clusters, fitted on the training
     part, ``random_state`` the seed) and ``DWT_MLEAD`` (its defaults: it has
     no window), each at its docstring's defaults otherwise. All but KMeansAD
     are deterministic and run once. Their numba functions are compiled on a
     short series before any is timed, as ROCKAD's are for question 1.

   ``window`` is chosen without the labels, from the training part alone: its
   dominant period, the first peak of its autocorrelation after the first
   zero crossing (:func:`dominant_period`; 183 points).

   Metrics, on the test part: ROC AUC per point, and the UCR score: 1 if the
   point of highest anomaly score (the first, if tied) lies within the
   labelled anomaly widened on each side by ``max(100, its length)``, else 0
   (:func:`ucr_score`). That is ``dtaianomaly.evaluation.UCRScore`` with
   ``tolerance=100``, which follows Wu and Keogh's archive ("Current Time
   Series Anomaly Detection Benchmarks are Flawed and are Creating the
   Illusion of Progress", TKDE 2023) with the minimum tolerance of 100 points
   of Rewicki, Denzler and Niebling (Applied Sciences 13(3), 1778, 2023). The
   anomaly here is 12 points long, so the tolerance is 100 points either way.

Run from the repository root, under JAX (about three times faster here than
TensorFlow)::

    pip install -e ".[benchmark]" stumpy
    KERAS_BACKEND=jax python benchmarks/bench_anomaly.py [--seeds 3]
        [--variants VARIANTS.json] [--datasets GunPoint KDD-TSAD_135 ...]
        [--output benchmarks/results/anomaly.json] [--resume]

STOMP and LeftSTAMPi need ``stumpy``. ``--variants`` is a JSON file mapping
each variant's name to detector parameters, e.g. ``{"smoke": {"epochs": 2}}``
for a quick run (with ``--output`` elsewhere). The JSON results are rewritten
after every row; ``--resume`` keeps the rows already in ``--output`` and runs
only what they lack. The printed report is also written next to it, with
suffix ``.txt``.
"""

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np
from baselines import median_length, raw_features, resample
from common import (
    AUTOENCODER,
    RESULTS_DIR,
    BenchmarkRun,
    average_over_datasets,
    average_table,
    dataset_table,
    import_optional,
    rotated,
    select_rows,
)
from real_datasets import load_split
from sklearn.ensemble import IsolationForest
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.neighbors import LocalOutlierFactor
from sklearn.pipeline import make_pipeline

import sklearn_lstmae
from sklearn_lstmae._quiet import quiet_tensorflow

# Whole-sequence data sets, in table order.
SEQUENCE_DATASETS = ("ArrowHead", "GunPoint", "BasicMotions", "PickupGestureWiimoteZ")
# The long series.
SERIES = "KDD-TSAD_135"
ISOLATION_FOREST = "IsolationForest on raw series"
LOF = "LocalOutlierFactor on raw series"
ROCKAD = "ROCKAD"
SEQUENCE_PEERS = (ISOLATION_FOREST, LOF, ROCKAD)
STOMP = "STOMP"
LEFT_STAMPI = "LeftSTAMPi"
MERLIN = "MERLIN"
KMEANS_AD = "KMeansAD"
DWT_MLEAD = "DWT_MLEAD"
SERIES_PEERS = (STOMP, LEFT_STAMPI, MERLIN, KMEANS_AD, DWT_MLEAD)
# Peers without randomness: one run, recorded with seed None.
DETERMINISTIC = (LOF, STOMP, LEFT_STAMPI, MERLIN, DWT_MLEAD)
SEQUENCE_COLUMNS = ("roc_auc", "average_precision", "fit_seconds", "score_seconds")
SERIES_COLUMNS = ("ucr_score", "roc_auc", "fit_seconds", "score_seconds")
# Detector parameters that the detector documents as changeable after fit
# without retraining: variants differing only in them share one fit.
RESCORABLE = ("anomaly_score",)
# "Level with ROCKAD": a mean ROC AUC at most this far below ROCKAD's, about
# the spread of the means over seeds.
LEVEL_TOLERANCE = 0.01
# The UCR score's minimum tolerance around the labelled anomaly, in points.
UCR_TOLERANCE = 100
# The per-point score of the detector, and how to_points gets it.
STEPS, WINDOWS = "per-step errors", "window scores"
ANOMALY_RESULTS = RESULTS_DIR / "anomaly.json"


def detector_name(variant):
    """The method name of a detector variant's rows.

    Examples
    --------
    >>> detector_name("defaults")
    'LSTM autoencoder (defaults)'
    """
    return f"{AUTOENCODER} ({variant})"


def sequence_rows(variant):
    """The method names of a variant's rows on whole sequences: one."""
    return [detector_name(variant)]


def series_rows(variant):
    """The method names of a variant's rows on the long series: two."""
    return [series_detector_name(variant, scoring) for scoring in (STEPS, WINDOWS)]


def series_detector_name(variant, scoring):
    """The method name of a variant's per-point rows: by steps or by windows.

    Examples
    --------
    >>> series_detector_name("defaults", STEPS)
    'LSTM autoencoder (defaults), per-step errors'
    """
    return f"{detector_name(variant)}, {scoring}"


def detector_parameters(params):
    """All the detector's parameters with ``params`` changed, but the seed."""
    detector = sklearn_lstmae.LSTMAutoencoderOutlierDetector(**params)
    parameters = detector.get_params()
    del parameters["random_state"]
    return parameters


def fit_groups(variants):
    """Variants grouped by one shared fit: equal but for :data:`RESCORABLE`.

    Returns
    -------
    list of list of str
        Each group's variant names, in the order of ``variants``.

    Examples
    --------
    >>> fit_groups({
    ...     "a": {"anomaly_score": "reconstruction"},
    ...     "b": {"anomaly_score": "bottleneck"},
    ...     "c": {"epochs": 2},
    ... })
    [['a', 'b'], ['c']]
    """
    groups = {}
    for name, params in variants.items():
        shared = {k: v for k, v in params.items() if k not in RESCORABLE}
        groups.setdefault(json.dumps(shared, sort_keys=True), []).append(name)
    return list(groups.values())


def rescored(detector, params):
    """``detector`` set to the :data:`RESCORABLE` parameters of ``params``.

    A parameter that the variant leaves out goes back to its default.
    """
    defaults = sklearn_lstmae.LSTMAutoencoderOutlierDetector().get_params()
    changed = {
        name: params.get(name, defaults[name])
        for name in RESCORABLE
        if name in defaults
    }
    return detector.set_params(**changed)


def row_seed(method, seed):
    """The seed that a row of ``method`` records: None for a deterministic peer."""
    return None if method in DETERMINISTIC else seed


def to_run(rows, labels, method, seed):
    """Whether ``method`` has no row yet for ``seed`` (a deterministic one: for 0)."""
    if method in DETERMINISTIC and seed > 0:
        return False
    return not select_rows(rows, **labels, method=method, seed=row_seed(method, seed))


def pending_steps(rows, labels, seed, peers, groups, rows_of_variant):
    """What one task still has to run with ``seed``, as ``(kind, what)`` pairs.

    ``("peer", method)`` for each of ``peers`` without its row, and
    ``("detector", group)`` for each fit group (:func:`fit_groups`) with a
    variant lacking one of its rows, whose method names ``rows_of_variant``
    gives.
    """
    steps = [("peer", method) for method in peers if to_run(rows, labels, method, seed)]
    steps += [
        ("detector", group)
        for group in groups
        if any(
            to_run(rows, labels, method, seed)
            for variant in group
            for method in rows_of_variant(variant)
        )
    ]
    return steps


def timed(function, *args):
    """``function(*args)`` and the seconds it took."""
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


# Whole sequences


def sequence_scores(y_anomalous, anomaly_scores):
    """ROC AUC and average precision of anomaly scores (higher: more anomalous).

    Examples
    --------
    >>> sequence_scores([0, 0, 1], [0.1, 0.2, 0.9])
    {'roc_auc': 1.0, 'average_precision': 1.0}
    """
    return {
        "roc_auc": float(roc_auc_score(y_anomalous, anomaly_scores)),
        "average_precision": float(
            average_precision_score(y_anomalous, anomaly_scores)
        ),
    }


def aeon_collection(X, length):
    """Series channels first, as aeon reads them, resampled to one length.

    ``length`` None keeps series that already share one length as they are.
    """
    if length is not None:
        X = [resample(series, length) for series in X]
    series = np.stack(list(X))
    return series[:, np.newaxis] if series.ndim == 2 else series.transpose(0, 2, 1)


class SequenceTask:
    """One data set with one class taken as normal: what every method reads."""

    def __init__(self, split, normal_class, features_train, features_test, aeon):
        self.split = split
        self.normal_class = normal_class
        is_normal = split.y_train == normal_class
        self.X_normal = _subset(split.X_train, is_normal)
        self.features_normal = features_train[is_normal]
        self.features_test = features_test
        self.aeon_normal = aeon[0][is_normal]
        self.aeon_test = aeon[1]
        self.y_anomalous = (split.y_test != normal_class).astype(int)


def _subset(X, mask):
    """The series of ``X`` (an array or a list) where ``mask`` is True."""
    if isinstance(X, list):
        return [series for series, keep in zip(X, mask, strict=True) if keep]
    return X[mask]


def sequence_tasks(split):
    """Each class of ``split`` in turn taken as normal, as a :class:`SequenceTask`.

    The raw features and aeon's layout are computed once for all classes.
    """
    length = median_length(split.X_all)
    features = raw_features(split.X_all, length)
    n_train = len(split.y_train)
    lengths = {len(series) for series in split.X_all}
    aeon_length = None if len(lengths) == 1 else length
    aeon = (
        aeon_collection(split.X_train, aeon_length),
        aeon_collection(split.X_test, aeon_length),
    )
    return [
        SequenceTask(split, normal_class, features[:n_train], features[n_train:], aeon)
        for normal_class in np.unique(split.y_train)
    ]


def run_sequence_peer(method, task, seed):
    """Fit one peer on the normal series of ``task``; score its test split."""
    if method == ISOLATION_FOREST:
        model = IsolationForest(random_state=seed)
        X_fit, X_score = task.features_normal, task.features_test
    elif method == LOF:
        model = LocalOutlierFactor(novelty=True)
        X_fit, X_score = task.features_normal, task.features_test
    else:
        collection = import_optional("aeon.anomaly_detection.collection", ROCKAD)
        model = collection.ROCKAD(random_state=seed)
        X_fit, X_score = task.aeon_normal, task.aeon_test
    with warnings.catch_warnings():
        # LOF with fewer normal series than its 20 neighbours uses them all.
        warnings.filterwarnings("ignore", message="n_neighbors .* is greater than")
        _, fit_seconds = timed(model.fit, X_fit)
    if method == ROCKAD:
        anomaly_scores, score_seconds = timed(model.predict, X_score)
    else:
        normality, score_seconds = timed(model.score_samples, X_score)
        anomaly_scores = -normality
    return {
        **sequence_scores(task.y_anomalous, anomaly_scores),
        "fit_seconds": fit_seconds,
        "score_seconds": score_seconds,
    }


def compile_rockad():
    """Fit and score ROCKAD once on a few short series, so numba compiles untimed."""
    collection = import_optional("aeon.anomaly_detection.collection", ROCKAD)
    series = np.random.default_rng(0).normal(size=(12, 1, 30))
    collection.ROCKAD(random_state=0).fit(series[:8]).predict(series[8:])


def run_detector_group(group, variants, task, seed):
    """Fit one detector for a group of variants; score the test split with each.

    Returns
    -------
    dict of str to dict
        Each variant's scores. A fit whose training diverges scores NaN.
    """
    first = variants[group[0]]
    detector = sklearn_lstmae.LSTMAutoencoderOutlierDetector(**first, random_state=seed)
    start = time.perf_counter()
    try:
        detector.fit(task.X_normal)
    except sklearn_lstmae.TrainingDivergedError:
        nan = dict.fromkeys(("roc_auc", "average_precision"), float("nan"))
        fit_seconds = time.perf_counter() - start
        return {name: {**nan, "fit_seconds": fit_seconds} for name in group}
    fit_seconds = time.perf_counter() - start
    results = {}
    for name in group:
        rescored(detector, variants[name])
        normality, score_seconds = timed(detector.score_samples, task.split.X_test)
        results[name] = {
            **sequence_scores(task.y_anomalous, -np.asarray(normality)),
            "fit_seconds": fit_seconds,
            "score_seconds": score_seconds,
        }
    return results


def run_sequences(name, variants, n_seeds, run):
    """Every method, seed and normal class of one data set that ``run`` lacks."""
    split = load_split(name)
    tasks = sequence_tasks(split)
    run.facts.append(
        f"{split.describe()}; train series per class: "
        + ", ".join(f"{task.normal_class} {len(task.X_normal)}" for task in tasks)
    )
    groups = fit_groups(variants)
    for seed in range(n_seeds):
        for task in tasks:
            labels = {"dataset": name, "normal_class": str(task.normal_class)}
            steps = pending_steps(
                run.rows, labels, seed, SEQUENCE_PEERS, groups, sequence_rows
            )
            for kind, what in rotated(steps, seed):
                if kind == "peer":
                    scores = run_sequence_peer(what, task, seed)
                    run.record(
                        {
                            **labels,
                            "method": what,
                            "seed": row_seed(what, seed),
                            **scores,
                        }
                    )
                    continue
                results = run_detector_group(what, variants, task, seed)
                for variant, scores in results.items():
                    method = detector_name(variant)
                    if to_run(run.rows, labels, method, seed):
                        run.record({**labels, "method": method, "seed": seed, **scores})


def class_means(rows, datasets):
    """Rows averaged over normal classes: one per data set, method and seed.

    Examples
    --------
    >>> rows = [
    ...     {"dataset": "A", "normal_class": "1", "method": "m", "seed": 0,
    ...      "roc_auc": 0.5},
    ...     {"dataset": "A", "normal_class": "2", "method": "m", "seed": 0,
    ...      "roc_auc": 1.0},
    ... ]
    >>> class_means(rows, ["A"])
    [{'dataset': 'A', 'method': 'm', 'seed': 0, 'roc_auc': 0.75}]
    """
    means = []
    for name in datasets:
        dataset_rows = [row for row in rows if row["dataset"] == name]
        keys = dict.fromkeys((row["method"], row["seed"]) for row in dataset_rows)
        for method, seed in keys:
            same = select_rows(dataset_rows, method=method, seed=seed)
            columns = [c for c in SEQUENCE_COLUMNS if all(c in row for row in same)]
            means.append(
                {
                    "dataset": name,
                    "method": method,
                    "seed": seed,
                    **{c: float(np.mean([row[c] for row in same])) for c in columns},
                }
            )
    return means


def mean_over_seeds(rows, method, column, dataset=None):
    """``method``'s mean of ``column`` over rows (of ``dataset``, if given)."""
    conditions = {"method": method}
    if dataset is not None:
        conditions["dataset"] = dataset
    values = [row.get(column, np.nan) for row in select_rows(rows, **conditions)]
    return float(np.mean(values)) if values else float("nan")


def worst_datasets(means, methods, datasets):
    """Each method's data set of lowest mean ROC AUC, and that ROC AUC."""
    worst = {}
    for method in methods:
        by_dataset = {
            name: mean_over_seeds(means, method, "roc_auc", name) for name in datasets
        }
        name = min(by_dataset, key=lambda n: np.nan_to_num(by_dataset[n], nan=-1))
        worst[method] = {"dataset": name, "roc_auc": by_dataset[name]}
    return worst


def check_targets(averaged, variants):
    """Issue 15's targets for each variant, with margins (positive where met)."""

    def mean(method):
        return float(np.mean([row["roc_auc"] for row in averaged[method]]))

    targets = []
    for variant in variants:
        ours = mean(detector_name(variant))
        for peer, tolerance, wording in (
            (ISOLATION_FOREST, 0.0, "above"),
            (LOF, 0.0, "above"),
            (ROCKAD, LEVEL_TOLERANCE, f"level with (at most {LEVEL_TOLERANCE} below)"),
        ):
            margin = ours - mean(peer) + tolerance
            targets.append(
                {
                    "variant": variant,
                    "target": f"mean ROC AUC {wording} that of {peer}",
                    "difference": ours - mean(peer),
                    "margin": margin,
                    # A NaN (a diverged fit) compares False: missed.
                    "met": bool(margin > 0 if tolerance == 0 else margin >= 0),
                }
            )
    return targets


# Points in one long series


def load_series():
    """KDD-TSAD 135: the whole series, its labels, and where its training part ends.

    Returns
    -------
    series : ndarray of shape (n_points,)
    labels : ndarray of shape (n_points,)
        1 on the labelled anomaly.
    n_train : int
        The length of the normal training part, the series' first points.
    """
    datasets = import_optional("aeon.datasets", SERIES)
    train, _ = datasets.load_kdd_tsad_135(split="train")
    series, labels = datasets.load_kdd_tsad_135(split="test")
    if not np.array_equal(series[: len(train)], train):
        raise ValueError(f"{SERIES}'s training part is not the start of its series.")
    return series.astype(float), labels.astype(int), len(train)


def dominant_period(series):
    """The first peak of the autocorrelation after its first zero crossing.

    The usual reading of a periodic signal's period, here of the training part
    alone, so that the window does not depend on the labels.

    Examples
    --------
    >>> t = np.arange(400)
    >>> dominant_period(np.sin(2 * np.pi * t / 25))
    25
    """
    centred = series - series.mean()
    autocorrelation = np.correlate(centred, centred, "full")[len(series) - 1 :]
    first_negative = int(np.argmax(autocorrelation < 0))
    for lag in range(max(first_negative, 1), len(series) - 1):
        if autocorrelation[lag - 1] < autocorrelation[lag] >= autocorrelation[lag + 1]:
            return lag
    raise ValueError("The training part has no autocorrelation peak to read.")


def ucr_score(labels, anomaly_scores):
    """1 if the highest anomaly score lies within the labelled anomaly, widened.

    The anomaly, from its first labelled point ``b`` to its last ``e``, is
    widened on each side by ``max(UCR_TOLERANCE, e - b + 1)`` points; the
    point of highest score (the first, if tied) must fall inside.

    Examples
    --------
    >>> labels = np.zeros(1000, dtype=int)
    >>> labels[500:510] = 1
    >>> scores = np.zeros(1000)
    >>> scores[605] = 1.0
    >>> ucr_score(labels, scores), ucr_score(labels, np.roll(scores, 5))
    (1, 0)
    """
    anomalous = np.flatnonzero(labels)
    begin, end = anomalous[0], anomalous[-1]
    if end - begin + 1 != len(anomalous):
        raise ValueError("The UCR score needs exactly one labelled anomaly.")
    tolerance = max(UCR_TOLERANCE, end - begin + 1)
    top = int(np.argmax(anomaly_scores))
    return int(begin - tolerance <= top <= end + tolerance)


def point_scores(labels, anomaly_scores, n_train):
    """The UCR score and ROC AUC per point on the test part, and the top point."""
    test_labels, test_scores = labels[n_train:], np.asarray(anomaly_scores)[n_train:]
    return {
        "ucr_score": ucr_score(test_labels, test_scores),
        "roc_auc": float(roc_auc_score(test_labels, test_scores)),
        "top_point": n_train + int(np.argmax(test_scores)),
    }


def series_peer(method, window, n_train, seed):
    """One of aeon's series detectors, at its settings for this benchmark."""
    if method in (MERLIN, STOMP, LEFT_STAMPI, KMEANS_AD):
        distance_based = import_optional(
            "aeon.anomaly_detection.series.distance_based", method
        )
    if method == STOMP:
        return distance_based.STOMP(window_size=window)
    if method == LEFT_STAMPI:
        return distance_based.LeftSTAMPi(window_size=window, n_init_train=n_train)
    if method == MERLIN:
        return distance_based.MERLIN(min_length=window // 2, max_length=2 * window)
    if method == KMEANS_AD:
        return distance_based.KMeansAD(window_size=window, random_state=seed)
    distribution_based = import_optional(
        "aeon.anomaly_detection.series.distribution_based", method
    )
    return distribution_based.DWT_MLEAD()


def compile_series_peers():
    """Run each series peer once on a short series, so numba compiles untimed."""
    short = np.sin(np.arange(300) / 4.0) + np.random.default_rng(0).normal(0, 0.1, 300)
    for method in SERIES_PEERS:
        n_train = 100 if method == LEFT_STAMPI else None
        detector = series_peer(method, 20, n_train, seed=0)
        detector.fit(short[:100])
        detector.predict(short)


def run_series_peer(method, series, labels, n_train, window, seed):
    """Fit one peer on the training part (a no-op for most); score the series."""
    detector = series_peer(method, window, n_train, seed)
    _, fit_seconds = timed(detector.fit, series[:n_train])
    anomaly_scores, score_seconds = timed(detector.predict, series)
    return {
        **point_scores(labels, np.asarray(anomaly_scores, dtype=float), n_train),
        "fit_seconds": fit_seconds,
        "score_seconds": score_seconds,
    }


def run_series_detector(group, variants, series, labels, n_train, window, seed):
    """Fit the windowed detector once for a group of variants; score the series.

    Returns
    -------
    dict of str to dict
        Each row's method name and scores: per-step errors and window scores
        for each variant.
    """
    first = variants[group[0]]
    pipeline = make_pipeline(
        sklearn_lstmae.SlidingWindows(window, stride=1),
        sklearn_lstmae.LSTMAutoencoderOutlierDetector(**first, random_state=seed),
    )
    _, fit_seconds = timed(pipeline.fit, series[:n_train])
    sliding, detector = pipeline[0], pipeline[-1]
    windows, cut_seconds = timed(sliding.transform, series)
    results = {}
    for name in group:
        rescored(detector, variants[name])
        for scoring, score in (
            (STEPS, detector.score_steps),
            (WINDOWS, detector.score_samples),
        ):
            normality, seconds = timed(score, windows)
            per_point = sliding.to_points(normality, len(series), reduce="mean")
            results[series_detector_name(name, scoring)] = {
                **point_scores(labels, -per_point, n_train),
                "fit_seconds": fit_seconds,
                "score_seconds": cut_seconds + seconds,
            }
    return results


def run_series(variants, n_seeds, run):
    """Every method and seed on the long series that ``run`` lacks."""
    series, labels, n_train = load_series()
    window = dominant_period(series[:n_train])
    anomalous = np.flatnonzero(labels)
    run.facts.append(
        f"{SERIES}: {len(series)} points, the first {n_train} the normal training "
        f"part; labelled anomaly at {anomalous[0]} to {anomalous[-1]}; window "
        f"{window} (the training part's dominant period)"
    )
    run.settings["series_window"] = window
    compiled = False
    for seed in range(n_seeds):
        dataset = {"dataset": SERIES}
        steps = pending_steps(
            run.rows, dataset, seed, SERIES_PEERS, fit_groups(variants), series_rows
        )
        if not compiled and any(kind == "peer" for kind, _ in steps):
            compile_series_peers()
            compiled = True
        for kind, what in rotated(steps, seed):
            if kind == "peer":
                scores = run_series_peer(what, series, labels, n_train, window, seed)
                run.record(
                    {**dataset, "method": what, "seed": row_seed(what, seed), **scores}
                )
                continue
            results = run_series_detector(
                what, variants, series, labels, n_train, window, seed
            )
            for method, scores in results.items():
                if to_run(run.rows, dataset, method, seed):
                    run.record({**dataset, "method": method, "seed": seed, **scores})


# The report


def sequence_report(rows, variants, datasets):
    """The whole-sequence tables, worst data sets and targets."""
    methods = [detector_name(v) for v in variants] + list(SEQUENCE_PEERS)
    means = class_means(rows, datasets)
    averaged = average_over_datasets(means, methods, columns=SEQUENCE_COLUMNS)
    worst = worst_datasets(means, methods, datasets)
    targets = check_targets(averaged, variants)
    lines = [
        "",
        "Whole sequences: each class in turn normal, the other classes' test "
        "series the anomalies; per data set the mean over its classes, "
        "mean ± std over seeds:",
        *dataset_table(means, datasets, methods, columns=SEQUENCE_COLUMNS),
        "",
        *average_table(averaged, columns=SEQUENCE_COLUMNS),
        "",
        "ROC AUC per data set (mean over classes and seeds):",
        "| method | " + " | ".join(datasets) + " | worst |",
        "|---|" + "---|" * (len(datasets) + 1),
        *(
            f"| {method} | "
            + " | ".join(
                f"{mean_over_seeds(means, method, 'roc_auc', name):.3f}"
                for name in datasets
            )
            + f" | {worst[method]['dataset']} ({worst[method]['roc_auc']:.3f}) |"
            for method in methods
        ),
        "",
        "Targets (difference: the variant's mean ROC AUC minus the peer's; "
        "margin: past the bound, negative where missed):",
        *(
            f"- {t['variant']}: {t['target']}: difference {t['difference']:+.3f}, "
            f"margin {t['margin']:+.3f}, " + ("met" if t["met"] else "MISSED")
            for t in targets
        ),
    ]
    return lines, {"averages": averaged, "worst": worst, "targets": targets}


def series_report(rows, variants):
    """The long series' table and where each method's top point lies."""
    methods = [name for v in variants for name in series_rows(v)] + list(SERIES_PEERS)
    on_series = select_rows(rows, dataset=SERIES)
    tops = {
        method: [row["top_point"] for row in select_rows(on_series, method=method)]
        for method in methods
    }
    return [
        "",
        f"Points in one long series ({SERIES}), scored on its test part; "
        "mean ± std over seeds (one run where deterministic):",
        *dataset_table(on_series, [SERIES], methods, columns=SERIES_COLUMNS),
        "",
        "Point of highest anomaly score, per seed: "
        + "; ".join(
            f"{method} {', '.join(map(str, points))}" for method, points in tops.items()
        ),
    ]


def parse_args():
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="seeds 0 to N - 1")
    parser.add_argument(
        "--variants",
        type=Path,
        help='JSON file: variant name to detector parameters (default: {"defaults": '
        "{}})",
    )
    everything = (*SEQUENCE_DATASETS, SERIES)
    parser.add_argument("--datasets", nargs="+", choices=everything, default=everything)
    parser.add_argument("--output", type=Path, default=ANOMALY_RESULTS)
    parser.add_argument(
        "--resume",
        action="store_true",
        help="keep the rows already in --output and run only what they lack",
    )
    args = parser.parse_args()
    args.datasets = [name for name in everything if name in args.datasets]
    args.variants_dict = (
        json.loads(args.variants.read_text()) if args.variants else {"defaults": {}}
    )
    for name, params in args.variants_dict.items():
        if "random_state" in params:
            parser.error(f"variant {name!r}: random_state is set by the seeds")
        # Unknown parameters fail now, not after minutes of fits.
        sklearn_lstmae.LSTMAutoencoderOutlierDetector(**params)
    return args


def main():
    args = parse_args()
    variants = args.variants_dict
    run = BenchmarkRun(
        args.output,
        {
            "variants": variants,
            "parameters": {
                name: detector_parameters(params) for name, params in variants.items()
            },
            "seeds": args.seeds,
        },
        save_every_row=True,
    )
    if args.resume and args.output.exists():
        run.rows.extend(json.loads(args.output.read_text())["results"])
    sequence_datasets = [name for name in args.datasets if name != SERIES]
    with quiet_tensorflow():
        if sequence_datasets:
            compile_rockad()
        for name in sequence_datasets:
            run_sequences(name, variants, args.seeds, run)
        if SERIES in args.datasets:
            run_series(variants, args.seeds, run)
    tables, summary = [], {}
    if sequence_datasets:
        tables, summary = sequence_report(run.rows, variants, sequence_datasets)
    if SERIES in args.datasets:
        tables += series_report(run.rows, variants)
    groups = fit_groups(variants)
    run.finish(
        [
            "Detector: LSTMAutoencoderOutlierDetector, random_state = seed; "
            "variants (parameters changed from the defaults): "
            + "; ".join(f"{n}: {json.dumps(p)}" for n, p in variants.items()),
            "Fits shared by variants that differ only in "
            + ", ".join(RESCORABLE)
            + ": "
            + "; ".join(", ".join(group) for group in groups),
            f"Seeds: 0 to {args.seeds - 1}",
        ],
        tables,
        **summary,
    )


if __name__ == "__main__":
    main()
