"""mongo."""
