"""`python -m symcheck.prairielearn`: PrairieLearn's external grader (symcheck.prairielearn.external)."""
from .external import main

raise SystemExit(main())
