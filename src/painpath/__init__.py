"""painpath: guided practice for people living with chronic pain, and a private log."""

__version__ = "0.1.0"
