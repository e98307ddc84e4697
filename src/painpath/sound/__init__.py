"""Sound for painpath: bells, breath cues, recordings and voice on one timeline.

Nothing here is imported until sound is used: these modules load numpy, and
home's first frame and `painpath list` must stay as quick as without sound.
So this package file imports nothing; import the module you need
(`painpath.sound.clips`, `.synthesis`, `.timeline`, `.render`).
"""

# The bells' names, here so settings and command-line flags can offer them
# without loading the synthesiser (synthesis.py makes them).
BELL_PRESETS = ("soft", "low", "double", "wood")
DEFAULT_BELL = "soft"
