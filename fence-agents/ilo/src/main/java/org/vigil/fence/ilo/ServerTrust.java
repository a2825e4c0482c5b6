package org.vigil.fence.ilo;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Which iLO certificate is accepted, for one action. By default the JDK's trust store decides
 * (with host name checking); with {@code ssl_fingerprint} exactly the certificate with that
 * SHA-256 fingerprint is accepted and nothing else; with {@code ssl_insecure=1} any certificate.
 * A refused certificate is remembered so the failure can say which fingerprint to accept.
 */
final class ServerTrust {

    /** How certificates are checked. */
    enum Mode {
        /** The JDK trust store and the host name (the default). */
        TRUST_STORE,
        /** Exactly one certificate, by SHA-256 fingerprint. */
        PINNED,
        /** Any certificate (ssl_insecure=1). */
        INSECURE
    }

    private final Mode mode;
    private final Fingerprint pinned;
    private volatile String refusal;

    private ServerTrust(Mode mode, Fingerprint pinned) {
        this.mode = mode;
        this.pinned = pinned;
    }

    /** @return the JDK trust store decides */
    static ServerTrust trustStore() {
        return new ServerTrust(Mode.TRUST_STORE, null);
    }

    /**
     * @param fingerprint the one certificate to accept
     * @return a pinning trust
     */
    static ServerTrust pinned(Fingerprint fingerprint) {
        return new ServerTrust(Mode.PINNED, fingerprint);
    }

    /** @return a trust that accepts any certificate */
    static ServerTrust insecure() {
        return new ServerTrust(Mode.INSECURE, null);
    }

    /** @return a fresh copy for one action (its own remembered refusal) */
    ServerTrust forAction() {
        return new ServerTrust(mode, pinned);
    }

    Mode mode() {
        return mode;
    }

    /** @return why the last certificate was refused, naming the fingerprint to accept; null if none was */
    String refusal() {
        return refusal;
    }

    /**
     * @param where {@code host:port}, for messages
     * @return a TLS context using this trust (TLS 1.2 or 1.3 as the JDK allows)
     * @throws IloException when the JDK cannot set one up
     */
    SSLContext sslContext(String where) throws IloException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Checker(where, jdkTrustManager())}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IloException("cannot set up TLS for " + where + ": " + e.getMessage(), e);
        }
    }

    private X509ExtendedTrustManager jdkTrustManager() throws GeneralSecurityException {
        if (mode != Mode.TRUST_STORE) {
            return null;
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init((KeyStore) null);
        for (TrustManager t : f.getTrustManagers()) {
            if (t instanceof X509ExtendedTrustManager) {
                return (X509ExtendedTrustManager) t;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }

    @Override
    public String toString() {
        switch (mode) {
            case PINNED:
                return "certificate pinned to " + pinned;
            case INSECURE:
                return "certificate NOT checked (ssl_insecure)";
            default:
                return "certificate checked against the JDK trust store";
        }
    }

    /** Checks the server's certificate; an X509ExtendedTrustManager so that JSSE adds no checks of its own. */
    private final class Checker extends X509ExtendedTrustManager {
        private final String where;
        private final X509ExtendedTrustManager jdk;

        Checker(String where, X509ExtendedTrustManager jdk) {
            this.where = where;
            this.jdk = jdk;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, () -> jdk.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, () -> jdk.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, () -> jdk.checkServerTrusted(chain, authType));
        }

        private void check(X509Certificate[] chain, JdkCheck jdkCheck) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw refuse("the iLO at " + where + " sent no certificate");
            }
            Fingerprint seen = Fingerprint.of(chain[0]);
            switch (mode) {
                case INSECURE:
                    return;
                case PINNED:
                    if (!seen.equals(pinned)) {
                        throw refuse("the certificate of the iLO at " + where + " has the fingerprint " + seen
                                + ", not the ssl_fingerprint " + pinned + " (refused: another device, or the iLO "
                                + "certificate was replaced)");
                    }
                    return;
                default:
                    try {
                        jdkCheck.run();
                    } catch (CertificateException e) {
                        throw refuse("the certificate of the iLO at " + where + " is not trusted ("
                                + shortReason(e) + "; subject " + chain[0].getSubjectX500Principal().getName()
                                + "). If it is this iLO's own certificate, accept exactly it with ssl_fingerprint="
                                + seen);
                    }
            }
        }

        private CertificateException refuse(String why) {
            refusal = why;
            return new CertificateException(why);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("this trust manager checks servers only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("this trust manager checks servers only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this trust manager checks servers only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return jdk == null ? new X509Certificate[0] : ((X509TrustManager) jdk).getAcceptedIssuers();
        }
    }

    @FunctionalInterface
    private interface JdkCheck {
        void run() throws CertificateException;
    }

    private static String shortReason(CertificateException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("unable to find valid certification path")) {
            return "it is not signed by a certificate authority in the JDK trust store";
        }
        if (m.contains("No subject alternative") || m.contains("No name matching")) {
            return "it is not issued for this address: " + m;
        }
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
