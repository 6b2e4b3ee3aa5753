"""Workbooks whose bytes do not depend on the clock: the same input, the same file.

openpyxl stamps the save time into ``docProps/core.xml`` and into every zip entry, so two
saves of one workbook a second apart differ byte for byte. A report or a template that a
git repository keeps, or a CI gate compares, must not: :func:`fixed_zip` repacks the file
with fixed entry times and a given (or fixed) modification time.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

#: The time written where no document time is known (``created``/``modified``).
FIXED_TIME = dt.datetime(2000, 1, 1)
#: The zip entry time: the earliest the format can say.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def fixed_zip(data: bytes, modified: dt.datetime | None) -> bytes:
    """Repack an openpyxl file with fixed timestamps, so the copy's bytes are reproducible.

    openpyxl stamps the save time into ``docProps/core.xml`` and every zip entry; the copy
    keeps the input's own modification time instead.
    """
    stamp = (modified or FIXED_TIME).strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", payload)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            dst.writestr(entry, payload)
    return out.getvalue()
