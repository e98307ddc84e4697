"""Rich rendering for the CLI's non-TUI commands (no textual here)."""
