"""The command line: commands, input collection and views."""
