"""The Textual dashboard: a thin face on the core; all I/O runs in workers."""
