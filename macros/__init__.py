"""The Engineer's Interpretability Sequence: data, scores and pages.

``python -m macros`` is the command line; ``overrides/hooks/eis.py`` hands
the build's events to ``plugin.EisSite``.
"""
