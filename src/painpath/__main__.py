"""`python -m painpath` runs the same entry point as the console script."""

from painpath.cli import main

raise SystemExit(main())
