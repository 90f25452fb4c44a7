"""Example assessment inputs shipped with the package."""
