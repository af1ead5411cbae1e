package io.metastream.control.http;

import io.metastream.control.LogSafe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 front end that slow or stalled clients cannot exhaust. One selector thread reads every request
 * without blocking — the head and the body must both arrive within one request deadline, the head within a byte
 * cap, and a declared body over the cap is answered 413 before any of it is read — and only complete requests
 * reach the bounded worker pool. The selector thread also writes the responses, so a client that does not read
 * cannot hold a worker either. One request per connection ({@code Connection: close}): the clients are operator
 * tools, not browsers. (The JDK server reads request heads on its worker threads with no read timeout, so two
 * clients trickling headers could hold a pool of two; Java 17 has no virtual threads to hide that.)
 */
final class HttpTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final long MAX_DRAIN_BYTES = 1 << 20;

    /**
     * @param requestTimeout  the whole request (head and body) must arrive within this time of the connection
     * @param maxHeadBytes    request line and headers together at most
     * @param maxBodyBytes    declared {@code Content-Length} at most (413 beyond, before reading)
     * @param maxConnections  open connections at most; further ones are closed at once
     * @param workers         threads that run the handler on complete requests
     * @param queue           complete requests waiting for a worker at most (503 beyond)
     */
    record Limits(Duration requestTimeout, int maxHeadBytes, int maxBodyBytes, int maxConnections, int workers,
            int queue) {
        static Limits defaults() {
            return new Limits(Duration.ofSeconds(10), 16 * 1024, 64 * 1024, 512, 4, 64);
        }

        Limits withRequestTimeout(Duration timeout) {
            return new Limits(timeout, maxHeadBytes, maxBodyBytes, maxConnections, workers, queue);
        }

        Limits withMaxBodyBytes(int bytes) {
            return new Limits(requestTimeout, maxHeadBytes, bytes, maxConnections, workers, queue);
        }
    }

    /** A complete request; header names are lower case. */
    record Request(String method, String target, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    record Response(int status, Map<String, String> headers, byte[] body) {
    }

    interface Handler {
        Response handle(Request request);
    }

    private enum State { READING, HANDLING, WRITING, DRAINING }

    private final class Conn {
        final SocketChannel channel;
        final SelectionKey key;
        final ByteArrayOutputStream in = new ByteArrayOutputStream();
        State state = State.READING;
        long deadline;
        int bodyStart = -1;
        long contentLength;
        ByteBuffer out;
        long drained;

        Conn(SocketChannel channel, SelectionKey key) {
            this.channel = channel;
            this.key = key;
            this.deadline = System.nanoTime() + limits.requestTimeout().toNanos();
        }
    }

    private final Limits limits;
    private final Handler handler;
    private final IntConsumer answered;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final ThreadPoolExecutor workers;
    private final Thread loop;
    private final Set<Conn> open = new HashSet<>();
    private final Queue<Conn> toWrite = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(8192);
    private volatile boolean running = true;

    /**
     * @param answered told the status of every response, including the transport's own (400, 408, 413, 431, 503)
     */
    HttpTransport(String host, int port, Limits limits, Handler handler, IntConsumer answered) throws IOException {
        this.limits = limits;
        this.handler = handler;
        this.answered = answered;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress(host, port), 128);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            selector.close();
            server.close();
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(limits.queue()), r -> {
                    Thread t = new Thread(r, "control-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.loop = new Thread(this::run, "control-http-selector");
        loop.setDaemon(true);
        loop.start();
    }

    int port() {
        return server.socket().getLocalPort();
    }

    private void run() {
        while (running) {
            try {
                selector.select(200);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        Conn c = (Conn) key.attachment();
                        if (key.isReadable()) {
                            read(c);
                        }
                        if (key.isValid() && key.isWritable()) {
                            write(c);
                        }
                    }
                }
                selector.selectedKeys().clear();
                startWrites();
                expire();
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.warn("Control API selector loop: {}", LogSafe.quote(e.toString()));
                }
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            if (open.size() >= limits.maxConnections()) {
                ch.close(); // bounded: a flood of idle connections costs nothing beyond this cap
                continue;
            }
            ch.configureBlocking(false);
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            Conn c = new Conn(ch, key);
            key.attach(c);
            open.add(c);
        }
    }

    private void read(Conn c) {
        readBuffer.clear();
        int n;
        try {
            n = c.channel.read(readBuffer);
        } catch (IOException e) {
            close(c);
            return;
        }
        if (n < 0) {
            close(c);
            return;
        }
        if (c.state == State.DRAINING) {
            c.drained += n;
            if (c.drained > MAX_DRAIN_BYTES) {
                close(c);
            }
            return;
        }
        if (c.state != State.READING) {
            return;
        }
        c.in.write(readBuffer.array(), 0, n);
        if (c.bodyStart < 0) {
            int end = headEnd(c.in.toByteArray());
            if (end < 0) {
                if (c.in.size() > limits.maxHeadBytes()) {
                    respond(c, ControlHttpServer.errorResponse(431, "request head larger than "
                            + limits.maxHeadBytes() + " bytes"));
                }
                return;
            }
            if (end > limits.maxHeadBytes()) {
                respond(c, ControlHttpServer.errorResponse(431, "request head larger than " + limits.maxHeadBytes()
                        + " bytes"));
                return;
            }
            c.bodyStart = end;
        }
        byte[] bytes = c.in.toByteArray();
        RequestHead head;
        try {
            head = RequestHead.parse(new String(bytes, 0, c.bodyStart, StandardCharsets.ISO_8859_1), limits.maxBodyBytes());
        } catch (RequestHead.Refused e) {
            respond(c, ControlHttpServer.errorResponse(e.status, e.getMessage()));
            return;
        }
        if (bytes.length - c.bodyStart < head.contentLength) {
            return; // more body to come, within the same deadline
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, c.bodyStart, c.bodyStart + (int) head.contentLength);
        dispatch(c, new Request(head.method, head.target, head.headers, body));
    }

    private void dispatch(Conn c, Request request) {
        c.state = State.HANDLING;
        c.key.interestOps(0);
        try {
            workers.execute(() -> {
                Response r;
                try {
                    r = handler.handle(request);
                } catch (RuntimeException e) {
                    LOG.error("Control API handler failed on {} {}", LogSafe.quote(request.method()),
                            LogSafe.quote(request.target()), e);
                    r = ControlHttpServer.errorResponse(500, "internal error");
                }
                finish(c, r);
            });
        } catch (RejectedExecutionException e) {
            respond(c, ControlHttpServer.errorResponse(503, "the control API is busy; retry shortly"));
        }
    }

    /** From a worker: hands the response to the selector thread. */
    private void finish(Conn c, Response r) {
        c.out = encode(r);
        answered.accept(r.status());
        toWrite.add(c);
        selector.wakeup();
    }

    /** On the selector thread. */
    private void respond(Conn c, Response r) {
        c.out = encode(r);
        answered.accept(r.status());
        toWrite.add(c);
    }

    private void startWrites() {
        Conn c;
        while ((c = toWrite.poll()) != null) {
            if (!c.key.isValid()) {
                continue;
            }
            c.state = State.WRITING;
            c.deadline = System.nanoTime() + limits.requestTimeout().toNanos();
            c.key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    private void write(Conn c) {
        try {
            c.channel.write(c.out);
            if (!c.out.hasRemaining()) {
                // half-close, then read what the client still sends so the close does not reset the response away
                c.channel.shutdownOutput();
                c.state = State.DRAINING;
                c.deadline = System.nanoTime() + LINGER.toNanos();
                c.key.interestOps(SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            close(c);
        }
    }

    private void expire() {
        long now = System.nanoTime();
        for (Conn c : new ArrayList<>(open)) {
            if (now - c.deadline <= 0) {
                continue;
            }
            switch (c.state) {
                case READING -> respond(c, ControlHttpServer.errorResponse(408, "the request did not arrive within "
                        + limits.requestTimeout().toSeconds() + " s"));
                case WRITING, DRAINING -> close(c);
                case HANDLING -> { } // a worker owns it; its response comes with a fresh deadline
            }
        }
    }

    private void close(Conn c) {
        open.remove(c);
        c.key.cancel();
        try {
            c.channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Index just past the blank line ending the head, or -1. */
    static int headEnd(byte[] b) {
        for (int i = 3; i < b.length; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static ByteBuffer encode(Response r) {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(r.status()).append(' ').append(reason(r.status()))
                .append("\r\n");
        r.headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("Content-Length: ").append(r.body().length).append("\r\nConnection: close\r\n\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocate(head.length + r.body().length);
        buf.put(head).put(r.body()).flip();
        return buf;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        for (Conn c : new ArrayList<>(open)) {
            close(c);
        }
        try {
            server.close();
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
