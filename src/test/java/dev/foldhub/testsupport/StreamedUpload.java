package dev.foldhub.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a large request body generated on the fly (zeros, never held in memory) over HTTP/1.1 by hand, chunked or
 * with a declared Content-Length, while the response is read on another thread: a server that answers early and
 * closes the connection is seen as it is (status, body, and how many body bytes got out before it stopped reading).
 */
public final class StreamedUpload {

    /** What came back: the status line's code and the response body, and the body bytes written before the end. */
    public record Result(int status, String body, long bytesSent, Duration elapsed) {
    }

    private final int port;
    private final String token;

    public StreamedUpload(int port, String token) {
        this.port = port;
        this.token = token;
    }

    /** A chunked PUT or POST of {@code totalBytes} zero bytes (stopped early when the server answers first). */
    public Result chunked(String method, String path, String contentType, long totalBytes, Duration timeout)
            throws Exception {
        return send(method, path, contentType, totalBytes, true, totalBytes, timeout);
    }

    /** A body declaring Content-Length {@code declared} of which only {@code sent} bytes are written, then close. */
    public Result declared(String method, String path, String contentType, long declared, long sent, Duration timeout)
            throws Exception {
        return send(method, path, contentType, declared, false, sent, timeout);
    }

    private Result send(String method, String path, String contentType, long declared, boolean chunked, long toSend,
                        Duration timeout) throws Exception {
        long start = System.nanoTime();
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            String head = method + " " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Content-Type: " + contentType + "\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + declared + "\r\n")
                    + "Connection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> write(out, chunked, toSend, sent, socket), "upload-writer");
            writer.setDaemon(true);
            writer.start();
            byte[] response = readResponse(socket.getInputStream());
            writer.interrupt();
            socket.close();
            writer.join(timeout.toMillis());
            String text = new String(response, StandardCharsets.UTF_8);
            int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
            int bodyAt = text.indexOf("\r\n\r\n");
            String body = bodyAt < 0 ? "" : dechunk(text.substring(0, bodyAt), text.substring(bodyAt + 4));
            return new Result(status, body, sent.get(), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Writes until done or the server stops reading (a reset or closed connection ends it quietly). */
    private static void write(OutputStream out, boolean chunked, long total, AtomicLong sent, Socket socket) {
        byte[] zeros = new byte[64 * 1024];
        byte[] chunkHead = (Integer.toHexString(zeros.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            while (sent.get() < total && !Thread.currentThread().isInterrupted()) {
                int n = (int) Math.min(zeros.length, total - sent.get());
                if (chunked) {
                    out.write(n == zeros.length ? chunkHead : (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(zeros, 0, n);
                    out.write('\r');
                    out.write('\n');
                } else {
                    out.write(zeros, 0, n);
                }
                sent.addAndGet(n);
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } else {
                out.flush();
                socket.shutdownOutput(); // a declared body cut short: the client went away mid-upload
            }
        } catch (IOException e) {
            // the server closed the connection: what it answered is read on the other thread
        }
    }

    /** Everything up to the end of the response (the server closes the connection after it: Connection: close). */
    private static byte[] readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                response.write(buffer, 0, n);
                if (complete(response.toByteArray())) {
                    break;
                }
            }
        } catch (IOException e) {
            if (response.size() == 0) {
                throw e;
            }
        }
        return response.toByteArray();
    }

    private static boolean complete(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int bodyAt = text.indexOf("\r\n\r\n");
        if (bodyAt < 0) {
            return false;
        }
        String head = text.substring(0, bodyAt).toLowerCase();
        String body = text.substring(bodyAt + 4);
        int length = head.indexOf("content-length: ");
        if (length >= 0) {
            int end = head.indexOf("\r\n", length);
            long n = Long.parseLong(head.substring(length + 16, end < 0 ? head.length() : end).trim());
            return body.getBytes(StandardCharsets.ISO_8859_1).length >= n;
        }
        return head.contains("transfer-encoding: chunked") && body.endsWith("0\r\n\r\n");
    }

    private static String dechunk(String head, String body) {
        if (!head.toLowerCase().contains("transfer-encoding: chunked")) {
            return body;
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int line = body.indexOf("\r\n", at);
            if (line < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(at, line).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, line + 2, Math.min(body.length(), line + 2 + size));
            at = line + 2 + size + 2;
        }
        return out.toString();
    }
}
