package io.cephiscsi.rest.internal;

import java.security.KeyStore;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The API's HTTPS connector: TLS 1.3 and 1.2 only, Jetty's default cipher exclusions (no RSA key exchange, no
 * SHA-1/MD5 suites), no plain HTTP on the same port. SNI is not checked against the certificate: a client reaching
 * the gateway by an address not in the certificate decides itself (upstream's gwcli and peers pin the file).
 */
final class TlsConnector {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsConnector() {
    }

    static ServerConnector create(Server server, HttpConfiguration http, KeyStore keyStore) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword(ApiCertificate.STORE_PASSWORD);
        ssl.setKeyManagerPassword(ApiCertificate.STORE_PASSWORD);
        ssl.setIncludeProtocols(PROTOCOLS);
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        return new ServerConnector(server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
    }
}
