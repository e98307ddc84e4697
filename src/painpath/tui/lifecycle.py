"""Work that finishes after its screen (or the whole app) may have gone.

A person can quit, or leave a screen, at any moment: just after start-up while
home's panels are still being mounted, or while a worker thread is reading the
log. Whatever lands after that must be dropped quietly, not mounted into a
screen that is being taken down (Textual raises `MountError` then, and prints
its traceback on the way out). Every deferred mount and every worker's result
goes through these two functions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from inspect import isawaitable
from typing import Any

from textual.dom import DOMNode


def still_shown(node: DOMNode) -> bool:
    """Whether `node` is still part of a running app (not removed, the app not quitting)."""
    return node.is_attached and not getattr(node, "_closing", False) \
        and not getattr(node, "_pruning", False)


def call_back(node: DOMNode, callback: Callable[..., Awaitable[Any] | Any], *args: Any,
              **kwargs: Any) -> None:
    """From a worker thread: run `callback(*args, **kwargs)` on the app's thread, if `node`
    is still shown.

    Checked twice: here, so nothing is sent to an app that is closing, and again
    on the app's thread, where the screen may have gone while the message waited.
    """
    if not still_shown(node):
        return
    app = node.app
    if not app.is_running:  # shutting down: nothing is left to show it
        return

    async def guarded() -> None:
        if not still_shown(node):
            return
        result = callback(*args, **kwargs)
        if isawaitable(result):
            await result

    app.call_from_thread(guarded)
