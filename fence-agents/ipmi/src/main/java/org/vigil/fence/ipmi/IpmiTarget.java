package org.vigil.fence.ipmi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a BMC is and how to log in to it. Holds the password; {@link #toString()} never
 * shows it.
 */
final class IpmiTarget {
    /** IPMI v2.0 allows user names of up to 16 bytes. */
    static final int MAX_USER = 16;
    /** IPMI v2.0 allows passwords of up to 20 bytes. */
    static final int MAX_PASSWORD = 20;

    private final String host;
    private final int port;
    private final String user;
    private final byte[] password;
    private final Privilege privilege;
    private final Duration requestTimeout;
    private final int triesPerRequest;

    /**
     * @param host            the BMC's address or name
     * @param port            its UDP port (623)
     * @param user            the user name (at most 16 bytes in UTF-8)
     * @param password        the password (at most 20 bytes in UTF-8)
     * @param privilege       the privilege level to ask for
     * @param requestTimeout  how long to wait for one answer before sending again
     * @param triesPerRequest how many times one request is sent before the session is
     *                        given up and a new one is set up (while time is left)
     * @throws IllegalArgumentException when a value is out of range (the message never
     *                                  contains the password)
     */
    IpmiTarget(String host, int port, String user, String password, Privilege privilege, Duration requestTimeout,
               int triesPerRequest) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, not " + port);
        }
        this.port = port;
        this.user = Objects.requireNonNull(user, "user");
        if (user.getBytes(StandardCharsets.UTF_8).length > MAX_USER) {
            throw new IllegalArgumentException("login is longer than 16 bytes (the IPMI limit)");
        }
        byte[] pw = Objects.requireNonNull(password, "password").getBytes(StandardCharsets.UTF_8);
        if (pw.length > MAX_PASSWORD) {
            Arrays.fill(pw, (byte) 0);
            throw new IllegalArgumentException("passwd is longer than 20 bytes (the IPMI v2.0 limit)");
        }
        this.password = pw;
        this.privilege = Objects.requireNonNull(privilege, "privilege");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive");
        }
        this.requestTimeout = requestTimeout;
        if (triesPerRequest < 1) {
            throw new IllegalArgumentException("tries per request must be at least 1");
        }
        this.triesPerRequest = triesPerRequest;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String user() {
        return user;
    }

    byte[] userBytes() {
        return user.getBytes(StandardCharsets.UTF_8);
    }

    /** @return a copy of the password's bytes; the caller wipes it */
    byte[] passwordBytes() {
        return password.clone();
    }

    Privilege privilege() {
        return privilege;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    int triesPerRequest() {
        return triesPerRequest;
    }

    /** @return {@code host:port} for messages */
    String where() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "IpmiTarget[" + where() + ", user=" + user + ", password=****, privilege=" + privilege + "]";
    }
}
