"""The JSON documents the commands and the service both write, one module per command group.

The command line (``adoption_rules.cli``) and the HTTP service
(``adoption_rules.service``) sit above this package and both call it, so a
route answers with the same JSON as the command of the same name:
:mod:`~adoption_rules.documents.questions` (route, threshold, transfer,
eligibility), :mod:`~adoption_rules.documents.fund` (fund check),
:mod:`~adoption_rules.documents.diff` (diff),
:mod:`~adoption_rules.documents.regions` (regions, rules) and
:mod:`~adoption_rules.documents.deadline` (deadline --json).
"""
