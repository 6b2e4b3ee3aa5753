"""Rule fixtures: tiny plans with the findings a rule must (or must not) report.

One runner serves ``sakip-check test`` and the project's own test of the built-in rules, so
the format an inspectorate writes for its local rules is exactly the format the built-in
catalogue is held to. The package sits between the engine (which it runs) and the CLI
(which prints its results); it never imports a reporter or the CLI.
"""
