"""A guard for tests of inputs that once made letterpress run for minutes or forever.

Not a timing assertion: the bound is many times what the work takes now, there only so that
a regression (a quadratic regex, an unbounded expansion) fails the test instead of hanging
the suite.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TookTooLong(BaseException):
    """A BaseException, so that no `except Exception` in the code under test swallows it."""


@contextmanager
def finishes_within(seconds: int) -> Iterator[None]:
    """Fail the test if the block has not finished after ``seconds`` (main thread, POSIX)."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise TookTooLong(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
