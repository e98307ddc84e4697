"""Voice engines, each a separate program painpath runs (see base.py for why)."""
