"""The command line: ``sklearn-lstmae`` (or ``python -m sklearn_lstmae``).

Files of sequences in, model files and features out, over the public API:
``fit`` writes a model file (:meth:`save`), ``transform``, ``reconstruct``
and ``score`` read one (:func:`load_model`), ``info`` describes one without
starting TensorFlow, and ``demo`` runs the main job. Errors are one line on
standard error and exit code 1 (2 for a bad command line); ``--debug``
shows the traceback. TensorFlow is imported only by the subcommands that
train or run a network, so ``--help`` answers at once.
"""

import argparse
import json
import os
import sys
import textwrap

__all__ = ["main"]

PROG = "sklearn-lstmae"

FORMATS = """\
input formats, by extension:
  .csv  one sequence per row, comma-separated; a shorter sequence ends early
        or with empty cells (or NaN); a first row that is not numbers is a
        header. Several features per step: --n-features k, each row holding
        the values step by step, k per step (t0_f0,t0_f1,t1_f0,t1_f1,...):
            0.1,0.2,0.3,0.4
            0.5,0.6,,
  .npy  one array (n_samples, n_timesteps) or (n_samples, n_timesteps,
        n_features), NaN after the end of shorter sequences
  .npz  the array named X, or the only array (numpy.savez(path, X=X))
  .ts   the UCR/UEA archives' format, read by aeon (pip install aeon)
output formats (-o), by extension: .csv, .npy, .parquet (needs pandas and
pyarrow); without -o, CSV on standard output.
"""

EXAMPLES = """\
example:
  sklearn-lstmae fit days.csv -o days.lstmae --latent-dim 8 --random-state 0
  sklearn-lstmae info days.lstmae
  sklearn-lstmae transform days.lstmae days.csv -o features.csv
  sklearn-lstmae score days.lstmae new_days.csv -o errors.csv
"""

# Options of `fit` that set one parameter each, with their types.
_FIT_OPTIONS = {
    "latent_dim": (int, "size of the bottleneck vector (default 16)"),
    "encoder_units": (int, "units of the encoder LSTM (default 64)"),
    "decoder_units": (int, "units of the decoder LSTM (default 64)"),
    "epochs": (str, "training epochs, or 'auto' (default)"),
    "batch_size": (int, "sequences per gradient step (default 32)"),
    "learning_rate": (float, "Adam's learning rate (default 3e-3)"),
    "objective": (str, "reconstruct (default), predict or composite"),
    "scaling": (str, "standard (default), minmax, per_series or none"),
    "validation_fraction": (float, "fraction held out to report val_loss"),
    "random_state": (int, "seed, for a reproducible fit"),
}


class CommandLineError(Exception):
    """An error to report in one line, without a traceback."""


def main(argv=None):
    """Run the command line; ``argv`` as for :mod:`argparse`. Returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        args.run(args)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output stopped early (`| head`): not an error
        # worth a message; keep Python from reporting it again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as error:
        # Every failure, ours or a library's, is one line; --debug shows where.
        if args.debug:
            raise
        print(f"{PROG}: error: {_one_line(error)}", file=sys.stderr)
        return 1
    return 0


def _one_line(error):
    if isinstance(error, FileNotFoundError) and error.filename:
        return f"{error.filename}: no such file"
    message = " ".join(str(error).split()) or type(error).__name__
    return message


def _parser():
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="LSTM autoencoder features from files of sequences.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=FORMATS + "\n" + EXAMPLES,
    )
    parser.set_defaults(command=None, debug=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name, run, help_text, description):
        sub = commands.add_parser(
            name,
            help=help_text,
            description=description,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            epilog=FORMATS,
        )
        sub.set_defaults(run=run)
        sub.add_argument(
            "--debug", action="store_true", help="show the traceback of an error"
        )
        return sub

    demo = command(
        "demo",
        _demo,
        "the main job on the shipped dataset",
        "Fit the transformer on a shipped dataset (BasicMotions by default) and "
        "compare its features with raw-series baselines (python -m "
        "sklearn_lstmae.demo).",
    )
    demo.add_argument(
        "--dataset",
        choices=["basic_motions", "italy_power_demand"],
        default="basic_motions",
        help="shipped dataset (default: basic_motions)",
    )
    demo.add_argument("--epochs", type=int, help="training epochs (default: auto)")
    demo.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    demo.add_argument(
        "--plots", default="sklearn-lstmae-demo", help="folder for the pictures"
    )
    demo.add_argument("--no-plots", action="store_true", help="draw no pictures")

    fit = command(
        "fit",
        _fit,
        "train a model on a file of sequences and save it",
        "Train an LSTM autoencoder on the sequences of INPUT and write a model "
        "file: JSON and plain arrays, loaded without running code.",
    )
    fit.add_argument("input", metavar="INPUT", help="sequences to train on")
    fit.add_argument("-o", "--output", required=True, help="model file to write")
    fit.add_argument(
        "--params",
        metavar="JSON",
        help='a JSON file of parameters, e.g. {"latent_dim": 8}; options '
        "given on the command line override it",
    )
    for name, (kind, help_text) in _FIT_OPTIONS.items():
        fit.add_argument(f"--{name.replace('_', '-')}", type=kind, help=help_text)
    fit.add_argument(
        "--detector",
        action="store_true",
        help="fit an outlier detector (its model also labels outliers in score)",
    )
    fit.add_argument(
        "--contamination", type=float, help="detector: expected share of outliers"
    )
    fit.add_argument("--quiet", action="store_true", help="no progress bar")
    _n_features_option(fit)

    transform = command(
        "transform",
        _transform,
        "bottleneck features of each sequence",
        "Write the bottleneck vector of each sequence of INPUT: a row per sequence.",
    )
    _model_and_input(transform)

    reconstruct = command(
        "reconstruct",
        _reconstruct,
        "each sequence as the model rebuilds it",
        "Write each sequence of INPUT as the autoencoder reconstructs it, in "
        "the layout it was read in (CSV: a row per sequence).",
    )
    _model_and_input(reconstruct)

    score = command(
        "score",
        _score,
        "reconstruction error of each sequence, for screening",
        "Write each sequence's mean squared reconstruction error in the units "
        "of INPUT (higher is more unusual); a detector's model adds its "
        "outlier label (1 or -1).",
    )
    _model_and_input(score)

    info = command(
        "info",
        _info,
        "what a model file holds",
        "Describe a model file: estimator, versions, parameters, input shape "
        "and training history. Reads the file only; starts no network.",
    )
    info.add_argument("model", metavar="MODEL", help="a model file from fit")
    return parser


def _n_features_option(parser):
    parser.add_argument(
        "--n-features",
        type=int,
        default=1,
        help="CSV only: values per time step in each row (default 1)",
    )


def _model_and_input(parser):
    parser.add_argument("model", metavar="MODEL", help="a model file from fit")
    parser.add_argument("input", metavar="INPUT", help="sequences")
    parser.add_argument(
        "-o", "--output", help="file to write (.csv, .npy, .parquet); default stdout"
    )
    _n_features_option(parser)


# ---------------------------------------------------------------- commands


def _demo(args):
    from .demo import main as demo_main

    argv = ["--seed", str(args.seed), "--dataset", args.dataset, "--plots", args.plots]
    if args.epochs is not None:
        argv += ["--epochs", str(args.epochs)]
    if args.no_plots:
        argv.append("--no-plots")
    demo_main(argv)


def _fit(args):
    params = _fit_params(args)
    X = _read(args)
    with _quiet():
        from . import LSTMAutoencoderOutlierDetector, LSTMAutoencoderTransformer

        cls = (
            LSTMAutoencoderOutlierDetector
            if args.detector
            else LSTMAutoencoderTransformer
        )
        try:
            estimator = cls().set_params(**params)
        except ValueError as error:
            raise CommandLineError(f"parameters: {error}") from error
        estimator.fit(X)
        # The progress bar was for this run; a loaded model fits quietly.
        estimator.set_params(verbose=0).save(args.output)
    print(
        f"{type(estimator).__name__}: {estimator.n_epochs_} epochs, final loss "
        f"{estimator.history_['loss'][-1]:.4g}; wrote {args.output}",
        file=sys.stderr,
    )


def _fit_params(args):
    params = {}
    if args.params is not None:
        try:
            with open(args.params, encoding="utf-8") as file:
                params = json.load(file)
        except json.JSONDecodeError as error:
            raise CommandLineError(f"{args.params}: not JSON: {error}") from error
        if not isinstance(params, dict):
            raise CommandLineError(
                f"{args.params}: expected a JSON object of parameters, got "
                f"{type(params).__name__}"
            )
    for name in _FIT_OPTIONS:
        value = getattr(args, name)
        if value is not None:
            params[name] = value
    if isinstance(params.get("epochs"), str) and params["epochs"] != "auto":
        try:
            params["epochs"] = int(params["epochs"])
        except ValueError:
            raise CommandLineError(
                f"--epochs: expected a number of epochs or 'auto', got "
                f"{params['epochs']!r}"
            ) from None
    if params.get("scaling") == "none":
        params["scaling"] = None
    if args.contamination is not None:
        if not args.detector:
            raise CommandLineError("--contamination is for a detector: add --detector")
        params["contamination"] = args.contamination
    params.setdefault("verbose", 0 if args.quiet else 1)
    return params


def _transform(args):
    estimator, X = _model_and_sequences(args)
    from ._sequence_files import write_table

    with _quiet():
        if not hasattr(estimator, "transform"):
            raise CommandLineError(
                f"{args.model} holds an outlier detector, which has no "
                "features: fit without --detector for transform"
            )
        Z = estimator.transform(X)
    columns = [f"z{index}" for index in range(Z.shape[1])]
    write_table(Z, args.output, columns=columns)


def _reconstruct(args):
    estimator, X = _model_and_sequences(args)
    from ._sequence_files import write_sequences

    with _quiet():
        if hasattr(estimator, "reconstruct"):
            rebuilt = estimator.reconstruct(X)
        else:
            rebuilt = estimator.inverse_transform(
                estimator.transform(X), lengths=_lengths_of(X)
            )
    write_sequences(rebuilt, args.output)


def _lengths_of(X):
    """Each sequence's length: the decoder rebuilds it at its own length."""
    from ._sequences import read_sequences

    return read_sequences(X).lengths.tolist()


def _score(args):
    estimator, X = _model_and_sequences(args)
    import numpy as np

    from ._sequence_files import write_table

    with _quiet():
        errors = _reconstruction_errors(estimator, X)
        columns = ["reconstruction_error"]
        table = errors[:, np.newaxis]
        if hasattr(estimator, "predict"):
            columns.append("outlier_label")
            table = np.column_stack([errors, estimator.predict(X)])
    write_table(table, args.output, columns=columns)


def _reconstruction_errors(estimator, X):
    if hasattr(estimator, "transform"):
        return -estimator.score_samples(X)
    # A detector's score_samples may be its bottleneck distances: set the
    # reconstruction score, without refitting, for this column.
    anomaly_score = estimator.anomaly_score
    try:
        return -estimator.set_params(anomaly_score="reconstruction").score_samples(X)
    finally:
        estimator.set_params(anomaly_score=anomaly_score)


def _info(args):
    from ._model_file import read_manifest

    manifest = read_manifest(args.model)
    params = _plain(manifest["params"])
    attributes = _plain(manifest["attributes"])
    record = attributes.get("_fit_record", {})
    history = attributes.get("history_", {})
    lines = [
        f"{args.model}: {manifest['estimator']}, model file format "
        f"{manifest['format_version']}",
        "written by: "
        + ", ".join(f"{name} {value}" for name, value in manifest["versions"].items()),
        f"input: sequences of {_shape_text(record)}",
        f"bottleneck: {params.get('latent_dim')} values per sequence",
        f"trained: {attributes.get('n_epochs_')} epochs"
        + _loss_text(history, attributes.get("best_epoch_")),
        "parameters: " + json.dumps(params, sort_keys=True),
    ]
    print("\n".join(textwrap.fill(line, 100, subsequent_indent="  ") for line in lines))


def _shape_text(record):
    n_timesteps, n_features = record.get("sequence_shape", (None, None))
    steps = "any length" if n_timesteps is None else f"{n_timesteps} steps"
    return f"{steps}, {n_features} feature{'s' if n_features != 1 else ''} per step"


def _loss_text(history, best_epoch):
    if not history.get("loss"):
        return ""
    text = f"; loss {history['loss'][0]:.4g} -> {history['loss'][-1]:.4g}"
    if history.get("val_loss"):
        text += f", validation loss {min(history['val_loss']):.4g} at best"
    if best_epoch is not None:
        text += f" (weights of epoch {best_epoch} kept)"
    return text


def _plain(value):
    """The manifest's tagged JSON as plain values, arrays as their member names."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"dict"}:
        return {key: _plain(item) for key, item in value["dict"].items()}
    if set(value) == {"tuple"}:
        return [_plain(item) for item in value["tuple"]]
    if set(value) == {"record", "fields"}:
        return {key: _plain(item) for key, item in value["fields"].items()}
    if "estimator" in value:
        return value["estimator"]
    return "(array)" if set(value) == {"array"} else value


# ---------------------------------------------------------------- helpers


def _read(args):
    from ._sequence_files import read_sequences_file

    if args.n_features < 1:
        raise CommandLineError(
            f"--n-features must be at least 1, got {args.n_features}"
        )
    return read_sequences_file(args.input, n_features=args.n_features)


def _model_and_sequences(args):
    from ._sequence_files import check_output_format

    check_output_format(args.output)
    X = _read(args)
    with _quiet():
        from . import load_model

        return load_model(args.model), X


def _quiet():
    from ._quiet import quiet_tensorflow

    return quiet_tensorflow()


if __name__ == "__main__":
    sys.exit(main())
