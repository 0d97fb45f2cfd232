"""Second stage: pure, exact arithmetic on the model (scores, calibration, reading time)."""
