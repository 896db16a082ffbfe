"""Plain-Python logic of each participant widget, testable without a browser or kernel."""
