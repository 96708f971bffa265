"""Shared test configuration: Hypothesis profiles.

* ``dev`` (default locally): 50 examples per property, quick feedback.
* ``ci`` (loaded automatically when the ``CI`` environment variable is set): Hypothesis' built-in
  ``ci`` profile (no example database, printed reproduction blobs) with 300 examples, no
  deadline and derandomised, so a CI run is reproducible.
* ``thorough``: many examples and no deadline, for a deliberate long run.

``HYPOTHESIS_PROFILE=<name>`` selects a profile explicitly (and wins over ``CI``);
``pytest --hypothesis-profile=<name>`` works as well.  Profiles are registered here, at module
level, and nowhere else.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("dev", max_examples=50)
settings.register_profile(
    "ci",
    settings.get_profile("ci"),
    max_examples=300,
    deadline=None,
    derandomize=True,
)
settings.register_profile("thorough", max_examples=5000, deadline=None)

_DEFAULT_PROFILE = "ci" if os.environ.get("CI") else "dev"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or _DEFAULT_PROFILE)
