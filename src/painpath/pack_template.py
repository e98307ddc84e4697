"""The files `painpath pack new` writes: a small pack that validates as it is.

The comments are written for a therapist who has never seen TOML: each key
says in plain words what it does, and what can be left out. The tests load
these files, so a template that stops validating fails the build.
"""

from __future__ import annotations

PACK_TOML = '''\
# This file describes your pack: a folder of practices you give to a client.
# Lines starting with # are notes for you; painpath ignores them.
# Text goes in "double quotes". Check the whole pack with:
#     painpath validate THIS-FOLDER

# The version of this file format. Leave it as 1.
format = 1

# A short name for the pack, used in commands such as `painpath plan start`.
# Small letters a-z, digits and dashes only, like "steady-ground".
id = "{pack_id}"

# The title people see.
title = "My practices"

# Three numbers: MAJOR.MINOR.PATCH. When you give a client a changed pack,
# raise the version (for example to "1.0.1") so it replaces the old one.
version = "1.0.0"

# Optional: who wrote the pack, and how to reach you or your practice.
author = "Your name"
contact = "Your practice"

# Optional: a longer description. Blank lines start a new paragraph.
description = """
Practices to use between our sessions. Take what helps and leave the rest;
you can pause or stop any practice at any time.
"""

# Optional: a crisis line shown to your client beside the emergency advice.
# Remove the # at the start of the next line and write your own words.
# crisis = "Between sessions, you can call the Riverside crisis line: 0123 456 789."

# Optional: your own rating scales, next to the built-in ones (pain, tension,
# distress, enjoyment, activity). Remove the # signs to use this example;
# then an exercise can ask for it with: rate = "sleep", or in [ratings].
# For a scale where a high number means more distress (your own SUDS, say),
# add the line  distress_like = true  to it: a rating in the top three tenths
# of its range (7 of 10, 70 of 100) then brings painpath's gentle offer to
# ground now or see the safety plan.
# [[scales]]
# id = "sleep"
# question = "How well did you sleep last night?"
# min = 0
# max = 10
# low = "not at all"
# high = "very well"
'''

EXERCISE_TOML = '''\
# One practice. Each practice is its own file in the exercises folder.
# Copy this file to write another one; give each its own id.

# The version of this file format. Leave it as 1.
format = 1

# A short name for the practice: small letters, digits and dashes.
# It must be different from the other practices in this pack.
id = "arriving"

# The title people see in the list of practices.
title = "Arriving: three minutes to settle"

# What sort of practice it is: one of body-scan, mbsr, grounding,
# breathing, somatic, movement, other.
kind = "grounding"

# Optional: one sentence shown in the list.
summary = "A short, eyes-open practice to arrive where you are."

# Optional: a note shown before the practice starts, for anything that
# might be hard (for example, attention on painful areas).
content_note = "You can keep your eyes open throughout, and stop at any time."

# Optional: words to help people find it.
tags = ["short", "eyes-open"]

# Optional: which ratings to ask before and after. [] asks nothing.
# Every rating can always be skipped by your client.
[ratings]
before = ["distress"]
after = ["distress"]

# The steps, in order. Each [[steps]] block is one step. A step has a
# `text` (what the person is invited to do) and is timed in ONE of these ways:
#   duration = "1m"                          a set time ("90s", "2m", "1m30s")
#   breath = { inhale = 4, hold = 0, exhale = 6, rest = 0 } with cycles = 5
#   count = 3                                the person marks 3 things
#   entry = true                             the person may write an answer

[[steps]]
title = "Arriving"
text = "Find a position that is comfortable enough for you right now. Eyes open is fine."
duration = "45s"

[[steps]]
title = "Feet"
text = "You might notice your feet on the floor, and what is holding you up."
duration = "45s"
# Optional: the part of the body this step attends to.
region = "feet"

[[steps]]
title = "Slow breathing"
text = "If it feels right, breathe in for four and out for six. Any breath is fine."
breath = { inhale = 4, hold = 0, exhale = 6, rest = 0 }
cycles = 5

[[steps]]
title = "Three things you see"
text = "Look around and find three things you can see. Mark each one as you find it."
count = 3
duration = "1m"
'''

PLAN_TOML = '''\
# A plan: what you suggest your client practises, week by week, from the
# day they start it (`painpath plan start {pack_id}`).

# The version of this file format. Leave it as 1.
format = 1

# A short name for the plan: small letters, digits and dashes.
id = "between-sessions"

# The title your client sees.
title = "Until our next session"

# How many weeks the plan lasts (1 to 104).
weeks = 2

# Optional: a message shown with each day's practice.
message = "Practise when you can. Missing a day is fine; come back the next."

# Each [[assign]] block suggests one practice.
#   exercise  the id of a practice in this pack
#   weeks     "all", one week "2", a range "1-2", or a list "1,3"
#   days      "daily", "weekdays", "weekends", or a list like ["mon", "thu"]
#   times     how many times on each of those days (1 to 10)

[[assign]]
exercise = "arriving"
weeks = "all"
days = "daily"
times = 1

# Blocks add up: with the one above, week 2 suggests "arriving" twice on
# Mondays, Wednesdays and Fridays (`painpath plan preview` shows each day).
[[assign]]
exercise = "arriving"
weeks = "2"
days = ["mon", "wed", "fri"]
times = 1
'''


def files(pack_id: str) -> dict[str, str]:
    """The scaffold's files by path inside the pack, for a pack called `pack_id`."""
    return {
        "pack.toml": PACK_TOML.format(pack_id=pack_id),
        "exercises/arriving.toml": EXERCISE_TOML,
        "plan.toml": PLAN_TOML.format(pack_id=pack_id),
    }
