"""``python -m sklearn_lstmae``: the command line of :mod:`sklearn_lstmae.cli`."""

import sys

from .cli import main

sys.exit(main())
