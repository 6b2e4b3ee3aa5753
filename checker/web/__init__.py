"""``sakip-check serve``: the checker as a small web application, beside the CLI.

A planner uploads a workbook or a text extract in a browser, sees the findings with their
cells, and downloads the annotated workbook and the reports. The package sits beside
:mod:`checker.cli`, above :mod:`checker.reports`: it reads files with the same
:func:`checker.cli.collect.collect`, runs the same :class:`checker.engine.run.Engine` and
writes every download with the same :func:`checker.cli.output.write_report`, so a review in
the browser and ``sakip-check check`` on the same file agree finding for finding.

Modules: :mod:`.uploads` (what a user sends, stored under names the server chooses),
:mod:`.review` (one check in a private folder removed afterwards), :mod:`.store` (results
kept in memory until they expire), :mod:`.app` (the Starlette routes and their guards) and
:mod:`.command` (the click command). Starlette, uvicorn and python-multipart are an
optional extra (``pip install "sakip-check[serve]"``); nothing here imports them at module
level except :mod:`.app`.
"""
