"""A frame's rows at given positions, without pandas' per-block re-checks.

The engine cuts rows out of the whole-plan frames all the time: a narrow scope, the rows
still undecided by an ``and``, the failing rows a rule turns into findings (seed 004: 137
cuts a run). The item frame has 50–64 columns, most in a block of their own (nullable
numbers, categorical letters), and ``frame[mask]`` costs ~20 µs per block whatever the
number of rows: ~1.3 ms a cut. Most of it is ``take`` with a fill value re-validated per
block for the ``-1`` positions a mask never has. Here each block takes the positions as
they are and the frame is put together from the taken blocks: the same frame (values,
dtypes, index, column order; tested against ``frame[mask]`` on real plans), ~0.35 ms.
A block of the three kinds most columns are (nullable numbers, categorical letters, plain
numpy) takes its arrays itself: pandas' ``take_nd`` still costs ~4 µs a block in checks
of a fill that never comes (``_take_block``), half a cut's time on seed 004.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

try:  # pandas' internal block manager: present in every pandas this tool allows (>= 2.2)
    from pandas.core.internals import BlockManager
except ImportError:  # a pandas that moved it: every cut goes through pandas' own take
    BlockManager = None  # type: ignore[assignment,misc]


def rows(frame: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """``frame[mask]`` for a numpy boolean mask over the frame's rows."""
    return take(frame, np.flatnonzero(mask))


def take(frame: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """``frame.take(positions)`` for positions within the frame (none negative)."""
    positions = np.asarray(positions, dtype=np.intp)
    manager = getattr(frame, "_mgr", None)
    if BlockManager is None or not isinstance(manager, BlockManager) or any(
            isinstance(block.dtype, np.dtype) and block.dtype.kind == "V"  # (no dtype ==)
            for block in manager.blocks):
        return frame.take(positions)  # a layout this was not written for: pandas' own
    try:
        blocks = tuple(_take_block(block, positions) for block in manager.blocks)
        taken = BlockManager(blocks, [manager.axes[0], frame.index.take(positions)],
                             verify_integrity=False)
        cut = frame._constructor_from_mgr(taken, axes=taken.axes)
    except (AttributeError, TypeError):  # internals of another pandas: its public take
        return frame.take(positions)
    return cut.__finalize__(frame, method="take")


def _take_block(block: Any, positions: np.ndarray) -> Any:
    """``block.take_nd(positions, axis=1)`` for positions without a ``-1`` to fill.

    What pandas' take does for such positions, without its layers: a nullable array's
    values and mask taken, a categorical's codes, a numpy block's columns. Any other
    block (text arrays, dates) goes through pandas' own ``take_nd``.
    """
    values = block.values
    if type(values) in _MASKED:
        taken = values._simple_new(values._data.take(positions),
                                   values._mask.take(positions))
    elif type(values) is pd.Categorical:
        taken = values._from_backing_data(values._ndarray.take(positions))
    elif type(values) is np.ndarray:
        taken = values.take(positions, axis=1)
    else:
        return block.take_nd(positions, axis=1)
    return block.make_block_same_class(taken, block._mgr_locs)


#: The nullable arrays whose take is their values' and mask's (pandas' own classes only: a
#: subclass may take otherwise).
_MASKED = frozenset({pd.arrays.IntegerArray, pd.arrays.FloatingArray,
                     pd.arrays.BooleanArray})
