package dev.foldhub.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on the loopback between a worker agent and the server that, once armed, lets the next request whose
 * request line starts with a given prefix through with its headers and the first {@code bodyBytes} of its body, then
 * holds the rest back: the server sits in the middle of reading an upload, as when the sender dies mid-upload.
 * {@link #close()} then cuts every connection.
 */
public final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final String prefix;
    private final int bodyBytes;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final CountDownLatch cut = new CountDownLatch(1);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile String cutRequestLine = "";

    public CuttingProxy(int targetPort, String requestPrefix, int bodyBytes) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = targetPort;
        this.prefix = requestPrefix;
        this.bodyBytes = bodyBytes;
        daemon(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** From now on, the next matching request is cut. */
    public void arm() {
        armed.set(true);
    }

    /** Waits until a request was cut; returns its request line. */
    public String awaitCut(long timeout, TimeUnit unit) throws InterruptedException {
        if (!cut.await(timeout, unit)) {
            throw new AssertionError("no request starting with '" + prefix + "' was sent in time");
        }
        return cutRequestLine;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                daemon(() -> pumpRequests(client, server));
                daemon(() -> pump(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Client to server, watching request lines once armed. */
    private void pumpRequests(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[64 * 1024];
            long allowance = -1; // bytes still let through after a cut began; -1: no cut in progress
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (allowance < 0 && armed.get()) {
                    String text = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                    int start = text.indexOf(prefix);
                    int headersEnd = start < 0 ? -1 : text.indexOf("\r\n\r\n", start);
                    if (headersEnd >= 0 && armed.compareAndSet(true, false)) {
                        cutRequestLine = text.substring(start, text.indexOf("\r\n", start));
                        allowance = headersEnd + 4 + bodyBytes;
                    }
                }
                if (allowance >= 0) {
                    int pass = (int) Math.min(n, allowance);
                    out.write(buffer, 0, pass);
                    out.flush();
                    allowance -= pass;
                    if (allowance == 0) {
                        cut.countDown();
                        // hold the rest back until close(): the sender dies here
                        while (!listener.isClosed()) {
                            Thread.sleep(100);
                        }
                        return;
                    }
                } else {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException e) {
            // a side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // a side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void daemon(Runnable body) {
        Thread thread = new Thread(body, "cutting-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        sockets.forEach(CuttingProxy::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
