"""The Textual app and the dejiden command."""
