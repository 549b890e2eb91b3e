"""Workflows of the meetings app, split by topic; import them from here (`from meetings.services import …`)."""

from .meetings import *  # noqa: F403
from .protocols import *  # noqa: F403
