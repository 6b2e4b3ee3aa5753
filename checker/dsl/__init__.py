"""The rule language: grammar, parser, name and type checks, and the rule registry."""
