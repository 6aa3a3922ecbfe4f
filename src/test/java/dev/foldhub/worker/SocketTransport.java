package dev.foldhub.worker;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The leanest {@link SimulatedAgent.Transport}: HTTP/1.1 written and read by hand over one kept-alive socket per
 * thread (Content-Length and chunked replies). The simulated fleet shares the 2 CPUs with the server it measures,
 * and a fleet of real agents would run on other machines, so the less CPU the load process takes, the nearer the
 * figures are to the server's own. -Dfoldhub.benchmark.client=socket.
 */
final class SocketTransport implements SimulatedAgent.Transport {

    private final ThreadLocal<Connection> connections = new ThreadLocal<>();

    private record Connection(Socket socket, InputStream in, OutputStream out) {
    }

    @Override
    public SimulatedAgent.Reply post(String url, String token, String body) throws Exception {
        URI uri = URI.create(url);
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String path = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\nAuthorization: Bearer " + token + "\r\nContent-Length: "
                + content.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        Connection connection = connection(uri);
        try {
            return exchange(connection, url, head, content);
        } catch (IOException stale) { // the server closed an idle kept-alive connection: one fresh try
            close(connection);
            return exchange(connection(uri), url, head, content);
        }
    }

    private SimulatedAgent.Reply exchange(Connection connection, String url, byte[] head, byte[] content) throws IOException {
        connection.out().write(head);
        connection.out().write(content);
        connection.out().flush();
        InputStream in = connection.in();
        String status = line(in);
        if (status.isEmpty()) {
            throw new IOException("connection closed");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                answer.write(in.readNBytes(size));
                line(in); // the CRLF after the chunk
            }
            while (!line(in).isEmpty()) { // trailers up to the empty line
            }
        } else if (length > 0) {
            answer.write(in.readNBytes(length));
        }
        if (close) {
            close(connection);
        }
        return new SimulatedAgent.Reply(url, code, answer.toString(StandardCharsets.UTF_8));
    }

    private Connection connection(URI uri) throws IOException {
        Connection connection = connections.get();
        if (connection == null || connection.socket().isClosed()) {
            Socket socket = new Socket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            connection = new Connection(socket, new BufferedInputStream(socket.getInputStream(), 8192),
                    socket.getOutputStream());
            connections.set(connection);
        }
        return connection;
    }

    private void close(Connection connection) {
        connections.remove();
        try {
            connection.socket().close();
        } catch (IOException ignored) {
            // closing a broken connection
        }
    }

    /** One CRLF-terminated line, without the CRLF; empty at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.toString();
    }
}
