package org.vigil.fence.ilo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed server certificate made at test time with the JDK's {@code keytool} (RSA 2048,
 * CN=ilo-test, SAN 127.0.0.1 and localhost) in a temporary PKCS#12 key store, like the
 * self-signed certificate an iLO ships with. Its SHA-256 fingerprint is taken from
 * {@code keytool -list -v}, independently of the agent's own code.
 */
final class TestCertificate implements AutoCloseable {
    private static final String PASS = "changeit-test";

    private final Path dir;
    private final SSLContext serverContext;
    private final String fingerprint;
    private final Path caTrustStore;

    private TestCertificate(Path dir, SSLContext serverContext, String fingerprint, Path caTrustStore) {
        this.dir = dir;
        this.serverContext = serverContext;
        this.fingerprint = fingerprint;
        this.caTrustStore = caTrustStore;
    }

    /** @return a new key pair and certificate in a new temporary directory */
    static TestCertificate create() throws Exception {
        Path dir = Files.createTempDirectory("vigil-ilo-cert");
        Path ks = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "ilo", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=ilo-test, O=Vigil tests", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", PASS, "-keypass", PASS);
        String list = run(keytool, "-list", "-v", "-alias", "ilo", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", PASS);
        return load(dir, ks, list, null);
    }

    /**
     * A test certificate authority (its certificate alone in {@link #caTrustStore()}) and a server
     * certificate it signed for {@code san} only (e.g. {@code DNS:localhost}), made with the
     * {@code openssl} command (P-256 keys; keytool would need nine JVM starts for the same).
     */
    static TestCertificate signedByTestCa(String san) throws Exception {
        Path dir = Files.createTempDirectory("vigil-ilo-ca");
        String d = dir.toString() + "/";
        Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=" + san + "\n");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", d + "ca.key", "-out", d + "ca.pem", "-days", "2", "-subj", "/CN=Vigil test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
        run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", d + "server.key", "-out", d + "server.csr", "-subj", "/CN=ilo-ca-signed");
        run("openssl", "x509", "-req", "-in", d + "server.csr", "-CA", d + "ca.pem", "-CAkey", d + "ca.key",
                "-CAcreateserial", "-days", "2", "-out", d + "server.pem", "-extfile", d + "ext.cnf");
        run("openssl", "pkcs12", "-export", "-in", d + "server.pem", "-inkey", d + "server.key", "-certfile",
                d + "ca.pem", "-name", "ilo", "-out", d + "server.p12", "-passout", "pass:" + PASS);
        String fp = run("openssl", "x509", "-in", d + "server.pem", "-noout", "-fingerprint", "-sha256");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        Path trustFile = dir.resolve("trust.p12");
        try (var out = Files.newOutputStream(trustFile)) {
            trust.store(out, PASS.toCharArray());
        }
        return load(dir, dir.resolve("server.p12"), fp.replaceFirst("(?i)sha256 Fingerprint=", "SHA256: "),
                trustFile);
    }

    private static TestCertificate load(Path dir, Path ks, String list, Path trust) throws Exception {
        Matcher m = Pattern.compile("SHA256:\\s*([0-9A-F:]{95})").matcher(list);
        if (!m.find()) {
            throw new IllegalStateException("no SHA256 fingerprint in keytool -list -v output:\n" + list);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, PASS.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASS.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return new TestCertificate(dir, ctx, "SHA256:" + m.group(1), trust);
    }

    /** @return a PKCS#12 trust store holding only the test CA (null for a self-signed certificate) */
    Path caTrustStore() {
        return caTrustStore;
    }

    /** @return the trust store's password */
    static String trustStorePassword() {
        return PASS;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command.length > 2 ? List.of(command[0], command[1])
                        : List.of(command)) + " failed:\n" + out);
            }
            return out;
        } finally {
            p.destroyForcibly();
        }
    }

    /** @return a TLS context serving this certificate */
    SSLContext serverContext() {
        return serverContext;
    }

    /** @return {@code SHA256:AB:CD:...} as keytool prints it */
    String fingerprint() {
        return fingerprint;
    }

    @Override
    public void close() throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
