"""The stdlib .npy writer and reader, against NumPy's own format code (an independent implementation)."""
import io
import struct

import pytest
from conftest import numpy_or_skip

from foldhub import parse_folds, parse_npy, read_npy, to_npy_bytes


def test_writer_makes_the_bytes_numpy_save_makes():
    numpy = numpy_or_skip()
    rows = [[0.1, 0.2, 0.3], [1.0, 0.0, 0.5]]
    buffer = io.BytesIO()
    numpy.save(buffer, numpy.array(rows, dtype=numpy.float32))
    assert to_npy_bytes(rows) == buffer.getvalue()
    assert to_npy_bytes(numpy.array(rows)) == buffer.getvalue()  # float64 arrays are written as float32


def test_written_file_has_a_version_1_header_aligned_to_64_bytes():
    data = to_npy_bytes([[0.25, 0.75]])
    assert data[:8] == b"\x93NUMPY\x01\x00"
    header_len = struct.unpack("<H", data[8:10])[0]
    assert (10 + header_len) % 64 == 0
    assert data[10 + header_len:] == struct.pack("<2f", 0.25, 0.75)


def test_reader_round_trips_without_numpy():
    shape, values = parse_npy(to_npy_bytes([[0.5, 0.25], [1.0, 0.0]]))
    assert shape == (2, 2)
    assert values == [0.5, 0.25, 1.0, 0.0]


def test_reader_reads_what_numpy_writes():
    numpy = numpy_or_skip()
    buffer = io.BytesIO()
    numpy.save(buffer, numpy.arange(6, dtype=numpy.uint8))
    assert parse_npy(buffer.getvalue()) == ((6,), [0, 1, 2, 3, 4, 5])
    assert read_npy(to_npy_bytes([[0.5, 1.0]])).shape == (1, 2)


def test_ragged_or_empty_rows_are_refused():
    with pytest.raises(ValueError, match="row 1"):
        to_npy_bytes([[0.1, 0.2], [0.3]])
    with pytest.raises(ValueError):
        to_npy_bytes([])
    with pytest.raises(ValueError, match="not a .npy"):
        parse_npy(b"plain text")


def test_fold_ranges_become_the_apis_lists():
    assert parse_folds("0-4") == "0,1,2,3,4"
    assert parse_folds("0,2-3") == "0,2,3"
    assert parse_folds([1, 3]) == "1,3"
    assert parse_folds(None) is None
