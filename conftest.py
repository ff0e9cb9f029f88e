"""Settings for every test, doctests included, applied before TensorFlow loads."""

import os

# Keep TensorFlow's C++ INFO lines (oneDNN, CUDA probing) out of test logs;
# its warnings and errors still show.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")
