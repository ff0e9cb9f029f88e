"""TensorFlow without its start-up chatter.

TensorFlow writes INFO lines about oneDNN, CPU instructions and CUDA probing
straight to file descriptor 2 when it is imported, when it first sets up its
devices and when it first trains, some before any logging setting applies.
The package imports Keras, and the estimator calls it, inside
:func:`quiet_tensorflow`, which drops exactly those lines and passes every
other line through as it comes, warnings and errors included. A user who wants
TensorFlow's INFO lines asks for them with ``TF_CPP_MIN_LOG_LEVEL=0``.

:func:`each_network_traces_once` drops one Python-logging warning in the same
spirit: the "tf.function retracing" that TensorFlow reports when a process
trains or predicts with several networks, which each trace their own
functions once.
"""

import contextlib
import logging
import os
import re
import sys
import threading

__all__ = ["each_network_traces_once", "quiet_tensorflow"]

_CHATTER = re.compile(
    # TensorFlow 2.18 and older prefix a timestamp; newer ones use absl's format.
    rb"^(?:\d{4}-\d\d-\d\d [\d:.]+: )?"
    rb"(?:I\d{0,4} "  # INFO lines: oneDNN, CPU instructions, CUDA drivers
    # Errors that are not: a GPU build of TensorFlow on a machine without a GPU,
    # and oneDNN falling back to Eigen for integer and boolean kernels.
    rb"|E\d{0,4} .*(?:failed call to cuInit|Unable to register cu\w+ factory"
    rb"|oneDNN supports DT_\w+ only))"
    rb"|^WARNING: All log messages before absl::InitializeLog\(\) is called"
    rb"|^To enable the following instructions:"  # continues an INFO line
)


# Blocks may nest, and run in several threads at once: only the outermost one
# redirects file descriptor 2, or an inner one would restore it too early.
_lock = threading.Lock()
_depth = 0
_restore = None


@contextlib.contextmanager
def quiet_tensorflow():
    """Filter TensorFlow's known chatter out of stderr inside the block.

    Everything written to file descriptor 2, by Python or by native code, goes
    through a pipe; a thread forwards each line unless it is known chatter. It
    works as a decorator too.

    Examples
    --------
    >>> from sklearn_lstmae._quiet import quiet_tensorflow
    >>> with quiet_tensorflow():
    ...     import keras
    """
    global _depth, _restore
    with _lock:
        if _depth == 0 and os.environ.get("TF_CPP_MIN_LOG_LEVEL") != "0":
            _restore = _filter_stderr()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _restore is not None:
                _restore()
                _restore = None


def _filter_stderr():
    """Send file descriptor 2 through the filter; return what undoes it."""
    sys.stderr.flush()
    try:
        original_stderr = os.dup(2)
    except OSError:
        # No stderr at all (a daemon): nothing to filter.
        return None
    read_end, write_end = os.pipe()
    os.dup2(write_end, 2)
    os.close(write_end)
    forwarder = threading.Thread(
        target=_forward_lines, args=(read_end, original_stderr), daemon=True
    )
    forwarder.start()

    def restore():
        sys.stderr.flush()
        # Restoring fd 2 closes the pipe's last write end: the forwarder sees
        # end of file once it has passed on everything written before.
        os.dup2(original_stderr, 2)
        forwarder.join()
        os.close(original_stderr)

    return restore


def _forward_lines(read_end, target):
    with os.fdopen(read_end, "rb") as lines:
        for line in lines:
            if not _CHATTER.match(line):
                os.write(target, line)


class _OwnRetracing(logging.Filter):
    """Drop TensorFlow's retracing warning about Keras's train and predict steps."""

    def filter(self, record):
        message = record.getMessage()
        return not (
            "triggered tf.function retracing" in message
            and "<function TensorFlowTrainer." in message
        )


_own_retracing = _OwnRetracing()


@contextlib.contextmanager
def each_network_traces_once():
    """Inside the block, drop the retracing warning of Keras's step functions.

    TensorFlow warns when a function defined at one place in the code is
    traced 5 times in its last 10 calls, taking it for a ``tf.function``
    created in a loop. Every Keras model makes its own train and predict
    functions at the same place in Keras, and traces each at least once:
    fitting or predicting with 5 networks in a row (``cross_val_score``, a
    grid search) reads to TensorFlow as that mistake. Retracing for shapes is
    already bounded by Keras (``reduce_retracing``). Only that message, about
    Keras's trainer functions and only while the block runs, is dropped:
    other warnings pass, and so does retracing elsewhere.
    """
    logger = logging.getLogger("tensorflow")
    logger.addFilter(_own_retracing)
    try:
        yield
    finally:
        logger.removeFilter(_own_retracing)
