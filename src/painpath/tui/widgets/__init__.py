"""Small widgets, grouped by feature."""
