"""``python -m adoption_rules``: the command line."""

from adoption_rules.cli import console

console()
