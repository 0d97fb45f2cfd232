"""The Engineer's Interpretability Sequence: data, scores and pages, one package a stage.

``data`` reads and checks the YAML into a frozen model; ``compute`` scores
it in exact arithmetic; ``render`` draws escaped HTML from it; ``site``
is the build (MkDocs' events, pages as templates, the files written beside
the pages, the link check); ``cli`` is ``python -m macros``.  Data flows
one way, and no stage imports a later one.
"""
