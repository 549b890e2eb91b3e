"""The workflows of goals, one module per topic (`indicators` for the values staff enter or import)."""
