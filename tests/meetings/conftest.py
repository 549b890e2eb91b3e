"""Fixtures of the meetings tests: the dirty meeting and protocol of tests/meetings/dirty.py."""

import pytest

from .dirty import Dirt, build_dirty_meeting, build_dirty_protocol, make_board


@pytest.fixture
def dirt():
    return Dirt()


@pytest.fixture
def board():
    return make_board()


@pytest.fixture
def dirty_meeting(board, dirt):
    return build_dirty_meeting(board, dirt)


@pytest.fixture
def dirty_protocol(dirty_meeting, dirt):
    """The latest (corrected) version; version 1 is posted too."""
    return build_dirty_protocol(dirty_meeting, dirt)[-1]
