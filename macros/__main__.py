"""``python -m macros``: the command line (``macros/cli``)."""

import sys

from macros.cli.main import main

sys.exit(main())
