"""Where mathquiz keeps the user's data."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The folder for history and schedule: $MATHQUIZ_HOME, else the platform's user data folder."""
    home = os.environ.get("MATHQUIZ_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("mathquiz", appauthor=False))


def cache_dir() -> Path:
    """Rebuildable data (the problem cache): $MATHQUIZ_HOME/cache, else the platform's cache folder."""
    home = os.environ.get("MATHQUIZ_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mathquiz", appauthor=False))
