"""Problems found in a person's file, worded for the person who wrote it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (error) or odd (warning) in one file."""

    file: str
    message: str
    key: str = ""
    line: int | None = None
    severity: Severity = "error"
    # The file whose own mistake this problem only follows from (a practice using
    # a scale of a pack.toml that could not be read): said once, with that mistake.
    cause: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def derived(self) -> bool:
        return bool(self.cause)

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def render(self) -> str:
        """`FILE:LINE: key.path: message`, as `validate` prints it."""
        key = f" {self.key}:" if self.key else ""
        return f"{self.location()}:{key} {self.message}"

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "key": self.key,
                "severity": self.severity, "message": self.message,
                "comes_from": self.cause or None}
