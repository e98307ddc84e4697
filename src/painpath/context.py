"""What every command needs: resolved paths, and the library and log on demand."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from painpath import paths as _paths

if TYPE_CHECKING:
    from painpath.library import Library


@dataclass
class Context:
    """Built once per command from the global flags; opens things lazily."""

    paths: _paths.Paths
    debug: bool = False
    _library_failed: bool = field(default=False, init=False, repr=False)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        return cls(paths=_paths.resolve(getattr(args, "data_dir", None),
                                        getattr(args, "library", []) or []),
                   debug=bool(getattr(args, "debug", False)))

    @cached_property
    def library(self) -> Library:
        from painpath.library import Library

        return Library.load(self.paths)

    def library_if_loadable(self) -> Library | None:
        """The library for words around the log (titles, scale questions), or None.

        The log never depends on it: when the packs cannot be read, the log and
        its reports still show, with exercise ids for titles.
        """
        from painpath.errors import PainpathError

        if self._library_failed:  # said once; not read again for every caller
            return None
        try:
            return self.library
        except (OSError, PainpathError):
            self._library_failed = True
            return None
