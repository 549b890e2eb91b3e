"""Workflows of the meetings app, split by topic; import them from here (`from meetings.services import …`)."""

from .documents import *  # noqa: F403
from .meetings import *  # noqa: F403
from .notices import *  # noqa: F403
from .protocols import *  # noqa: F403
