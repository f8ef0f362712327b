"""The reader's one screen: the list, the article and the entities side by side."""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class MainScreen(Screen):
    """The default screen, with one start-up cost taken out.

    When a screen is first shown, Textual styles every widget on it again, although they
    were styled a moment before as they were mounted and nothing has changed since: with
    the component styles of the list and the article, that is the largest part of the
    time before the first frame.  Later resumes (back from the help screen, after a theme
    change) refresh as usual.
    """

    _shown_before = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # runs before Screen's own handler, which reads the flag
        if not self._shown_before:
            self._shown_before = True
            event.refresh_styles = False
