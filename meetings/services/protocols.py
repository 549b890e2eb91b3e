"""PLACEHOLDER, being written: protocol workflows."""

__all__: list[str] = []
