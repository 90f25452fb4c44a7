"""Reports built from stored outcomes."""
