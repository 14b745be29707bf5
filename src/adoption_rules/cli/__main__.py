"""``python -m adoption_rules.cli``: the command line."""

from adoption_rules.cli import console

console()
