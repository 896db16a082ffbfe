"""Pictures drawn with matplotlib, apart from the views that show them."""
