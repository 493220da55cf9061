"""The SDK's version (kept equal to `[project].version` in pyproject.toml; a test checks)."""

__version__ = "0.1.0"
