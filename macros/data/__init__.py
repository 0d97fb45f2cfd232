"""First stage: the YAML in data/ read strictly, checked against its declared format, into a frozen model."""
