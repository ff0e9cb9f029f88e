"""TensorFlow without its start-up chatter, for command-line entry points.

TensorFlow writes INFO lines about oneDNN, CPU instructions and CUDA probing
straight to file descriptor 2, some before any logging setting applies. Entry
points run inside :func:`quiet_tensorflow`, which drops exactly those lines and
passes every other line through as it comes, warnings and errors included.
"""

import contextlib
import os
import re
import sys
import threading

__all__ = ["quiet_tensorflow"]

_CHATTER = re.compile(
    # TensorFlow 2.18 and older prefix a timestamp; newer ones use absl's format.
    rb"^(?:\d{4}-\d\d-\d\d [\d:.]+: )?"
    rb"(?:I\d{0,4} "  # INFO lines: oneDNN, CPU instructions, CUDA drivers
    # Errors that are not: a GPU build of TensorFlow on a machine without a GPU,
    # and oneDNN falling back to Eigen for integer kernels.
    rb"|E\d{0,4} .*(?:failed call to cuInit|Unable to register cu\w+ factory"
    rb"|oneDNN supports DT_INT32 only))"
    rb"|^WARNING: All log messages before absl::InitializeLog\(\) is called"
    rb"|^To enable the following instructions:"  # continues an INFO line
)


@contextlib.contextmanager
def quiet_tensorflow():
    """Filter TensorFlow's known chatter out of stderr inside the block.

    Everything written to file descriptor 2, by Python or by native code, goes
    through a pipe; a thread forwards each line unless it is known chatter.

    Examples
    --------
    >>> from sklearn_lstmae._quiet import quiet_tensorflow
    >>> with quiet_tensorflow():
    ...     import keras
    """
    sys.stderr.flush()
    original_stderr = os.dup(2)
    read_end, write_end = os.pipe()
    os.dup2(write_end, 2)
    os.close(write_end)
    forwarder = threading.Thread(
        target=_forward_lines, args=(read_end, original_stderr), daemon=True
    )
    forwarder.start()
    try:
        yield
    finally:
        sys.stderr.flush()
        # Restoring fd 2 closes the pipe's last write end: the forwarder sees
        # end of file once it has passed on everything written before.
        os.dup2(original_stderr, 2)
        forwarder.join()
        os.close(original_stderr)


def _forward_lines(read_end, target):
    with os.fdopen(read_end, "rb") as lines:
        for line in lines:
            if not _CHATTER.match(line):
                os.write(target, line)
