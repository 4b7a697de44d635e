package io.cephiscsi.gateway.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.model.GatewaySettings;

/**
 * Calls another gateway's REST API as upstream's gateways call each other: same scheme and port as this gateway,
 * basic auth with {@code api_user}/{@code api_password}, short timeouts. With {@code api_secure} and
 * {@code api_ssl_verify}, the peer must present the gateways' shared certificate (upstream requires one certificate
 * for every gateway; it is pinned, so its host names do not matter) or, when there is none, a certificate the JDK's
 * CAs trust for the peer's address; without {@code api_ssl_verify} any certificate is taken, as upstream does.
 */
final class PeerClient {

    /** A peer's reply: the HTTP status and the parsed JSON body (empty when it was not JSON). */
    record Reply(int status, Map<String, Object> body) {

        String message() {
            Object message = body.get("message");
            return message == null ? "" : String.valueOf(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewaySettings settings;
    private final HttpClient http;
    private final Duration timeout;

    PeerClient(GatewaySettings settings, List<Path> sharedCertificates) {
        this(settings, sharedCertificates, Duration.ofSeconds(Math.max(2, Math.min(10, settings.timeOut()))));
    }

    PeerClient(GatewaySettings settings, List<Path> sharedCertificates, Duration timeout) {
        this.settings = settings;
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.apiSecure()) {
            builder.sslContext(sslContext(settings.apiSslVerify(), sharedCertificates));
            SSLParameters parameters = new SSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            if (!settings.apiSslVerify() || anyReadable(sharedCertificates)) {
                parameters.setEndpointIdentificationAlgorithm(null);
            }
            builder.sslParameters(parameters);
        }
        this.http = builder.build();
    }

    /** The API base of a peer reached at {@code address} (an IP or a name), e.g. {@code https://10.0.0.2:5000/api}. */
    URI base(String address) {
        String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        return URI.create(settings.apiScheme() + "://" + host + ":" + settings.apiPort() + "/api");
    }

    Reply get(String address, String path) throws IOException {
        return get(address, path, timeout);
    }

    /** A GET that gives up after {@code within} (connecting included), for callers with a time budget. */
    Reply get(String address, String path, Duration within) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base(address) + path)).GET().timeout(within));
    }

    private Reply send(HttpRequest.Builder request) throws IOException {
        Optional<String> password = settings.apiPassword();
        if (password.isPresent()) {
            String token = settings.apiUser() + ":" + password.get();
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), parse(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(byte[] body) {
        try {
            Object value = JSON.readValue(body, Object.class);
            return value instanceof Map ? (Map<String, Object>) value : Map.of("data", value);
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    private static SSLContext sslContext(boolean verify, List<Path> sharedCertificates) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManager[] trust = verify ? trustManagers(sharedCertificates) : new TrustManager[] {new TrustAll()};
            context.init(null, trust, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("TLS for calls to other gateways: " + e.getMessage(), e);
        }
    }

    private static boolean anyReadable(List<Path> files) {
        return files.stream().anyMatch(Files::isReadable);
    }

    /** Only the gateways' shared certificate(s) when there are any (pinned); else the JDK's CAs. */
    private static TrustManager[] trustManagers(List<Path> sharedCertificates) throws Exception {
        if (!anyReadable(sharedCertificates)) {
            TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            return jdk.getTrustManagers();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int alias = 0;
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (Path file : sharedCertificates) {
            if (Files.isReadable(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate certificate : factory.generateCertificates(in)) {
                        store.setCertificateEntry("shared" + alias++, certificate);
                    }
                }
            }
        }
        TrustManagerFactory factoryWithShared =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factoryWithShared.init(store);
        for (TrustManager manager : factoryWithShared.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return new TrustManager[] {new Pinned(x509)};
            }
        }
        throw new IllegalStateException("no X.509 trust manager");
    }

    /**
     * The pinned certificate(s) decide alone: the chain must lead to one of them, but the peer's address need not be
     * among its names, since one certificate serves every gateway. The JDK's HttpClient always asks for host name
     * checks, which a trust manager that is not an {@link X509ExtendedTrustManager} would get from the JDK's wrapper
     * (and then a peer at an address the certificate does not name was never confirmed); the checks below are the
     * chain checks without the host name.
     */
    private static final class Pinned extends X509ExtendedTrustManager {

        private final X509TrustManager pinned;

        Pinned(X509TrustManager pinned) {
            this.pinned = pinned;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pinned.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            pinned.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            pinned.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("peer calls do not take client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pinned.getAcceptedIssuers();
        }
    }

    /**
     * {@code api_ssl_verify = false}: upstream then takes any certificate; so do we, knowingly. An
     * {@link X509ExtendedTrustManager}, so that the JDK does not add the host name check the HttpClient asks for.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
