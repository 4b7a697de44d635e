package io.cephiscsi.itests;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Sends one request after another to the API from a thread of its own (a client polling through an update) and
 * keeps what each got: its HTTP status, or how it failed — refused (nothing listening), reset (the connection was
 * accepted and then dropped without a reply), closed-at-connect (over TLS: the listener closed while the handshake
 * ran, before any request was sent; the same instant as a refusal) or hang (no reply within the read timeout).
 *
 * <p>{@link #once} sends a request on a connection of its own and knows whether a failure came before any byte of the
 * request was sent (connect, TLS handshake: closed-at-connect) or after (reset: the server dropped a request it may
 * have read). Other requests (HttpURLConnection) cannot tell: a broken pipe or a bare connection reset there is
 * taken for a connection closed before it was read.
 */
final class ApiAvailability implements AutoCloseable {

    /** Sends one request; returns its HTTP status or throws what the connection did. */
    interface Request {
        int send() throws IOException;
    }

    /** One request: when it started and ended (nanoTime), its status or failure kind, and the failure's text. */
    record Sample(long start, long end, String outcome, String detail) {
        boolean ok() {
            return "200".equals(outcome);
        }
    }

    private final Request request;
    private final long pauseMillis;
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;

    ApiAvailability(String name, long pauseMillis, Request request) {
        this.request = request;
        this.pauseMillis = pauseMillis;
        this.thread = new Thread(this::loop, "api-availability-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The outcome of one request: {@code "200"}, {@code "503"}, ..., {@code refused}, {@code connect-timeout}, {@code closed-at-connect}, {@code reset}, {@code hang}. */
    static String outcome(Request request) {
        return sample(request).outcome();
    }

    /** A failure before any byte of the request was sent: the connection was closed during connect or handshake. */
    static final class NotSent extends IOException {
        NotSent(IOException cause) {
            super("closed before the request was sent: " + cause, cause);
        }
    }

    /** A failure after the request was sent (or while sending it): no whole reply came. */
    static final class Cut extends IOException {
        Cut(String when, Throwable cause) {
            super(when + ": " + cause, cause);
        }
    }

    /**
     * One HTTP/1.0 request to the API of this container ({@code it.api.port}, over TLS when the API is HTTPS) on a
     * connection of its own, basic auth as admin; returns the status. Throws ConnectException when refused,
     * {@link NotSent} when the connection closed before the request was sent (TLS handshake cut), {@link Cut} when it
     * failed while or after sending it.
     */
    static int once(String method, String path, String password) throws IOException {
        int port = Integer.parseInt(System.getProperty("it.api.port"));
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(30000);
            java.net.Socket channel = socket;
            if ("https".equals(ApplianceTestSupport.scheme())) {
                try {
                    javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) ApplianceTestSupport.trustingTheAppliance()
                            .getSocketFactory().createSocket(socket, "127.0.0.1", port, true);
                    tls.startHandshake();
                    channel = tls;
                } catch (IOException e) {
                    throw new NotSent(e);
                }
            }
            byte[] request = (method + " " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
                    + java.util.Base64.getEncoder().encodeToString(("admin:" + password)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + ("GET".equals(method) ? "" : "\r\nContent-Length: 0") + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            try {
                channel.getOutputStream().write(request);
                channel.getOutputStream().flush();
            } catch (IOException e) {
                throw new Cut("while sending", e);
            }
            String reply;
            try {
                reply = new String(channel.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (SocketTimeoutException e) {
                throw e; // a hang
            } catch (IOException e) {
                throw new Cut("after sending", e);
            }
            if (!reply.startsWith("HTTP/1.") || reply.length() < 12) {
                throw new Cut("after sending", new IOException("closed without a reply (" + reply.length()
                        + " bytes)"));
            }
            return Integer.parseInt(reply.substring(9, 12));
        }
    }

    private static Sample sample(Request request) {
        long start = System.nanoTime();
        String outcome;
        String detail = "";
        try {
            outcome = Integer.toString(request.send());
        } catch (NotSent e) {
            outcome = "closed-at-connect";
            detail = e.getMessage();
        } catch (Cut e) {
            outcome = "reset";
            detail = e.getMessage();
        } catch (ConnectException e) {
            outcome = "refused";
        } catch (SocketTimeoutException e) {
            outcome = e.getMessage() != null && e.getMessage().contains("connect") ? "connect-timeout" : "hang";
        } catch (javax.net.ssl.SSLHandshakeException e) {
            // the listener closed between accepting the connection and reading a request (no request was sent)
            outcome = "closed-at-connect";
            detail = e.toString();
        } catch (java.net.SocketException e) {
            // "Broken pipe" / "Connection reset" with no reply: the stopping listener closed a connection it had not
            // read (TCP resets a socket closed with unread data; a request already read is finished by the graceful
            // stop), so nothing was done; like a refused connection, the client sends it again
            boolean unsent = e.getMessage() != null
                    && (e.getMessage().contains("Broken pipe") || e.getMessage().equals("Connection reset"));
            outcome = unsent ? "closed-at-connect" : "reset";
            detail = e.toString();
        } catch (IOException e) {
            outcome = "reset"; // accepted, then closed or reset before a whole reply ("Unexpected end of file", ...)
            detail = e.toString();
        }
        return new Sample(start, System.nanoTime(), outcome, detail);
    }

    /** The failures with a text (resets), for a test's message. */
    static List<String> details(List<Sample> samples) {
        return samples.stream().filter(s -> !s.detail().isEmpty()).map(Sample::detail).toList();
    }

    private void loop() {
        while (running) {
            samples.add(sample(request));
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops polling (waits for the request in flight) and returns every sample in order. */
    List<Sample> stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(90));
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** How many requests had each outcome. */
    static Map<String, Integer> outcomes(List<Sample> samples) {
        Map<String, Integer> counts = new TreeMap<>();
        samples.forEach(s -> counts.merge(s.outcome(), 1, Integer::sum));
        return counts;
    }

    /**
     * The longest time the API did not answer 200: from the end of the last 200 before a run of other outcomes to
     * the end of the first 200 after it (so a window is at most one poll pause longer than the outage); 0 when every
     * request succeeded. A run at the end (no 200 after it) counts up to the last sample.
     */
    static long longestOutageMillis(List<Sample> samples) {
        long longest = 0;
        Long lastOk = null;
        boolean inOutage = false;
        long outageFrom = 0;
        for (Sample sample : samples) {
            if (sample.ok()) {
                if (inOutage) {
                    longest = Math.max(longest, sample.end() - outageFrom);
                    inOutage = false;
                }
                lastOk = sample.end();
            } else if (!inOutage) {
                inOutage = true;
                outageFrom = lastOk != null ? lastOk : sample.start();
            }
        }
        if (inOutage && !samples.isEmpty()) {
            longest = Math.max(longest, samples.get(samples.size() - 1).end() - outageFrom);
        }
        return TimeUnit.NANOSECONDS.toMillis(longest);
    }
}
