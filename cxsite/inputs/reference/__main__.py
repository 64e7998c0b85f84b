"""``python -m cxsite.inputs.reference README.md`` regenerates the README's tables."""

import sys

from .tables import main

raise SystemExit(main(sys.argv[1:]))
