"""Minimal ``.npy`` (NumPy format 1.0) reading and writing with the standard library.

Foldhub stores OOF predictions as 2-D float arrays; this module writes them without NumPy (``struct`` and
``array``) and reads ``.npy`` files of ``<f4``/``<f8``/``|u1``/``<i8`` dtypes into flat lists. With NumPy
installed, :func:`to_npy_bytes` also takes ``numpy.ndarray`` values and :func:`read_npy` returns one.
"""
from __future__ import annotations

import ast
import struct
import sys
from array import array
from typing import Any, List, Sequence, Tuple, Union

MAGIC = b"\x93NUMPY"
_DTYPES = {"<f4": "f", "<f8": "d", "|u1": "B", "<u1": "B", "<i8": "q", "<i4": "i"}

Matrix = Union[Sequence[Sequence[float]], Any]
"""A 2-D matrix: a list of rows (lists or tuples of numbers) or a ``numpy.ndarray``."""


def _header(descr: str, shape: Tuple[int, ...]) -> bytes:
    shape_text = "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"
    text = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape_text)
    # magic (6) + version (2) + length (2) + text + padding + newline, a multiple of 64 bytes
    pad = 64 - (10 + len(text) + 1) % 64
    text += " " * (pad % 64) + "\n"
    return MAGIC + b"\x01\x00" + struct.pack("<H", len(text)) + text.encode("latin1")


def to_npy_bytes(matrix: Matrix) -> bytes:
    """A float32 ``.npy`` file of a 2-D matrix (rows x columns); every row must have the same length."""
    if hasattr(matrix, "shape") and hasattr(matrix, "astype"):  # a numpy array, without importing numpy
        if len(matrix.shape) != 2:
            raise ValueError("expected a 2-D array, got shape %s" % (tuple(matrix.shape),))
        data = matrix.astype("<f4", copy=False)
        return _header("<f4", tuple(int(n) for n in matrix.shape)) + data.tobytes(order="C")
    rows = [list(row) for row in matrix]
    if not rows:
        raise ValueError("expected at least one row")
    cols = len(rows[0])
    values = array("f")
    for i, row in enumerate(rows):
        if len(row) != cols:
            raise ValueError("row %d has %d values, row 0 has %d" % (i, len(row), cols))
        values.extend(float(v) for v in row)
    if sys.byteorder != "little":
        values.byteswap()
    return _header("<f4", (len(rows), cols)) + values.tobytes()


def parse_npy(data: bytes) -> Tuple[Tuple[int, ...], List[Union[int, float]]]:
    """The shape and the values (row-major, a flat list) of a C-ordered ``.npy`` file."""
    if data[:6] != MAGIC:
        raise ValueError("not a .npy file")
    major = data[6]
    if major == 1:
        length, start = struct.unpack("<H", data[8:10])[0], 10
    else:
        length, start = struct.unpack("<I", data[8:12])[0], 12
    header = ast.literal_eval(data[start:start + length].decode("latin1"))
    if header.get("fortran_order"):
        raise ValueError("Fortran-ordered arrays are not supported")
    code = _DTYPES.get(header["descr"])
    if code is None:
        raise ValueError("unsupported dtype %r" % header["descr"])
    values = array(code)
    values.frombytes(data[start + length:])
    if sys.byteorder != "little" and values.itemsize > 1:
        values.byteswap()
    shape = tuple(int(n) for n in header["shape"])
    return shape, values.tolist()


def read_npy(data: bytes) -> Any:
    """A ``numpy.ndarray`` when NumPy is installed, else a list of rows (2-D) or a flat list (1-D)."""
    try:
        import io

        import numpy

        return numpy.load(io.BytesIO(data), allow_pickle=False)
    except ImportError:
        shape, values = parse_npy(data)
        if len(shape) != 2:
            return values
        cols = shape[1]
        return [values[r * cols:(r + 1) * cols] for r in range(shape[0])]
