"""What participants download: their answers written down as files."""
