"""cxsite: the customer room as a static site."""

__version__ = "0.1.0"
