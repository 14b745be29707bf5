"""``python -m adoption_rules.cli``: the command line."""

import sys

from adoption_rules.cli import main

sys.exit(main())
