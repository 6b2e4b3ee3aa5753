"""sakip-check: audit Indonesian local-government performance plans (SAKIP) like an inspector."""

__version__ = "0.1.0"
