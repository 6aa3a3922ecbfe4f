package dev.foldhub.bundle;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The bundle as a zip written straight to the response: text and small files deflated, jars stored as they are (they
 * are compressed already; a stored entry needs its CRC first, so those are read twice, never held in memory).
 */
final class BundleZip implements Closeable {

    /** Opens the content of an entry; called once per pass. */
    interface Content {
        InputStream open() throws IOException;
    }

    private final ZipOutputStream zip;
    private long bytes;

    BundleZip(OutputStream out) {
        this.zip = new ZipOutputStream(out);
    }

    void text(String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        zip.write(data);
        zip.closeEntry();
        bytes += data.length;
    }

    void deflated(String name, Path file) throws IOException {
        deflated(name, () -> Files.newInputStream(file));
    }

    void deflated(String name, Content content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        try (InputStream in = content.open()) {
            bytes += in.transferTo(zip);
        }
        zip.closeEntry();
    }

    void stored(String name, Content content) throws IOException {
        CRC32 crc = new CRC32();
        long size = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = content.open()) {
            for (int n; (n = in.read(buffer)) > 0; size += n) {
                crc.update(buffer, 0, n);
            }
        }
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        try (InputStream in = content.open()) {
            in.transferTo(zip);
        }
        zip.closeEntry();
        bytes += size;
    }

    /** Uncompressed bytes written so far. */
    long bytes() {
        return bytes;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
