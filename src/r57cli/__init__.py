"""r57: run a ministry's action plan from a git repository."""

__version__ = "0.1.0"
