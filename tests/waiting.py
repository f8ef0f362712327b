"""Waiting in the app tests for what the reader waits for, not for a fixed time.

A slow or busy machine stretches every timer (the search box's pause after typing, the quick-move
pause, the read-mark clock): a test that sleeps a fixed time and then looks fails there though the
app is right.  These wait until the thing a reader would see has happened, up to a generous
deadline, and the test's own assertions then say whether it is right.
"""

from __future__ import annotations

import time


async def ready(app, pilot) -> None:
    """Every worker started so far has finished and its messages are handled."""
    await app.workers.wait_for_complete()
    await pilot.pause()


async def until(app, pilot, condition, timeout: float = 10.0) -> bool:
    """Wait until ``condition()`` holds (workers finished, messages handled) or the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        await ready(app, pilot)
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.05)


async def searched(app, pilot, timeout: float = 10.0) -> bool:
    """Wait until the sidebar answers the query now in the search box (after the box's pause)."""
    bar = app.search_bar

    def answered() -> bool:
        return app.searched_query == bar.value and bar.value.strip() != ""

    return await until(app, pilot, answered, timeout)
