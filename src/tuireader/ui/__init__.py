"""The Textual face of tuireader.  It imports the core; the core never imports it."""
