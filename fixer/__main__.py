"""``python -m fixer`` runs the command-line interface."""

from .cli import main

main()
