package dev.foldhub.dataset;

/** How thoroughly a data set's images are checked at registration ({@code foldhub.datasets.image-check}). */
public enum ImageCheckDepth {
    /** the signature, IHDR and the chunk chain up to IEND at the end of the file: a few bytes a chunk */
    STRUCTURE,
    /** the structure, then a full decode as the trainer decodes (finds damaged pixel data too) */
    DECODE
}
