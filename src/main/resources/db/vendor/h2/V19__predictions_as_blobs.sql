-- H2 only. H2 keeps a VARBINARY (BYTEA) value inline in its B-tree page, so a fold of iMet OOF predictions (48 MB as
-- float16) made every rewrite of such a page allocate a buffer of a few hundred MB: on a 2 GB heap, H2's background
-- writer failed with MVStoreException (OutOfMemoryError: Capacity 244970304) while a full-scale blend ran, and the
-- database closed. As a BINARY LARGE OBJECT (BLOB), H2 keeps the value in its LOB store in small blocks. PostgreSQL keeps BYTEA (TOAST stores
-- large values out of line already).
ALTER TABLE oof_predictions ALTER COLUMN data SET DATA TYPE BINARY LARGE OBJECT;
ALTER TABLE test_predictions ALTER COLUMN data SET DATA TYPE BINARY LARGE OBJECT;
