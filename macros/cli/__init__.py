"""The command line: ``python -m macros check``, ``scores``, ``diff`` and ``links``."""
