"""A project's policy: configuration file, accepted findings (suppressions) and baseline.

Modules: :mod:`~checker.config.settings` (finding and reading ``sakip-check.toml`` or
``[tool.sakip-check]``), :mod:`~checker.config.suppressions`, :mod:`~checker.config.baseline`,
:mod:`~checker.config.policy` (what the ``check`` command calls) and
:mod:`~checker.config.command` (``sakip-check config``). Only ``checker.cli`` imports this
package, so the engine and the reporters stay unaware of any project's choices; nothing is
imported here, so that ``sakip-check --help`` stays fast.
"""
