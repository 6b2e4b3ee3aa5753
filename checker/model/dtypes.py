"""pandas dtypes as objects, each resolved from its name once.

pandas resolves a dtype given by name (``astype("boolean")``) by asking every registered
extension dtype whether the name is its own, on every call: 15–30 µs a name, and an
``astype`` by name costs about 100 µs more than by object. The engine, the frames and the
cell helpers do this a thousand times on a small plan (0.05–0.1 s of a run that should
take 0.5 s). Each constant is exactly what pandas makes of the name, so passing it is the
same dtype, without the search.
"""

from __future__ import annotations

from pandas.api.types import pandas_dtype

BOOLEAN = pandas_dtype("boolean")
FLOAT64 = pandas_dtype("Float64")
INT64 = pandas_dtype("Int64")
STRING = pandas_dtype("string")
OBJECT = pandas_dtype("object")
I64 = pandas_dtype("int64")
F64 = pandas_dtype("float64")
