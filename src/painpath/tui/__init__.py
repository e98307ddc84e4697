"""The Textual app: painpath with no arguments. Imports textual; nothing in core imports this."""
