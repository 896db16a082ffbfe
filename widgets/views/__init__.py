"""Participant widgets: thin ipywidgets views over ``widgets.logic``."""
