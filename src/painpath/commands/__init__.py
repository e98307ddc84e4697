"""Handlers for the CLI's commands, imported one at a time by `painpath.cli`."""
