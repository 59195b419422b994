"""Crawler and archive of China's annual Open Government Information reports."""

__version__ = "0.1.0"
