"""What a new version of an installed pack changes for the person who has it.

An update must never cost a client their history: the plan they follow keeps
its start date (weeks 1-4 stay weeks 1-4), and a practice that was renamed
keeps its sessions when the pack says so (`replaces`). What `pack install`
should tell them is worked out here, headless; the command only prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from painpath.format.models import Exercise, Pack, Plan
from painpath.plans import ActivePlan


@dataclass(frozen=True)
class UpdateNotes:
    """The plan that keeps running (or is gone), and practices renamed or dropped."""

    active: ActivePlan | None = None  # the active plan, when it comes from this pack
    plan: Plan | None = None  # that plan in the new version, if it is still there
    renamed: list[tuple[Exercise, Exercise]] = field(default_factory=list)  # (old, new)
    dropped: list[Exercise] = field(default_factory=list)


def compare(old: Pack | None, new: Pack, active: ActivePlan | None) -> UpdateNotes:
    """`old` the version that was installed (None for a first install), `new` the one now."""
    mine = active if active is not None and active.pack == new.id else None
    plan = next((p for p in new.plans if mine and p.id == mine.plan), None)
    if old is None:
        return UpdateNotes(mine, plan)
    now = {ex.id: ex for ex in new.exercises}
    successor = {f: new_id.partition("/")[2] for f, new_id in new.renamed().items()}
    renamed, dropped = [], []
    for ex in old.exercises:
        if ex.id in now:
            continue
        replacement = now.get(successor.get(ex.qualified_id, ""))
        if replacement is not None:
            renamed.append((ex, replacement))
        else:
            dropped.append(ex)
    return UpdateNotes(mine, plan, renamed, dropped)
