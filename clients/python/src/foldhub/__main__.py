"""``python3 -m foldhub``: the command line client."""
import sys

from .cli import main

sys.exit(main())
