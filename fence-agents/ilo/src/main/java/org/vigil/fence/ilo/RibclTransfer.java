package org.vigil.fence.ilo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Carries one RIBCL script to an iLO and brings back everything it answers, on a TLS connection
 * of its own: raw (the XML header, then the script; the iLO answers and closes the connection, as
 * iLO and iLO 2 do) or as {@code POST /ribcl} over HTTP/1.1 with {@code Connection: close} (iLO 3
 * and 4).
 */
final class RibclTransfer {

    /** The most an answer may be; power scripts are answered in a few hundred bytes. */
    static final int MAX_ANSWER = 1 << 20;
    private static final byte[] XML_HEADER = "<?xml version=\"1.0\"?>\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The iLO does not take RIBCL over HTTP (it answered 404, or raw XML): use the raw transport. */
    static final class HttpNotSpoken extends Exception {
        private static final long serialVersionUID = 1L;

        HttpNotSpoken(String why) {
            super(why);
        }
    }

    private final IloTarget target;
    private final Deadline deadline;

    RibclTransfer(IloTarget target, Deadline deadline) {
        this.target = target;
        this.deadline = deadline;
    }

    /**
     * @param script the RIBCL document (it contains the password: never logged)
     * @param what   the command, for messages
     * @return all the iLO sent until it closed the connection
     * @throws IloException when the iLO cannot be reached, the certificate is refused or time runs out
     */
    String raw(String script, String what) throws IloException {
        byte[] answer = exchange(out -> {
            out.write(XML_HEADER);
            out.flush(); // the header and the script in two TLS records, as iLO 2 expects
            out.write(script.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }, what);
        return new String(answer, StandardCharsets.UTF_8);
    }

    /**
     * @param script the RIBCL document (it contains the password: never logged)
     * @param what   the command, for messages
     * @return the body of the HTTP answer
     * @throws IloException    when the iLO cannot be reached, refuses or time runs out
     * @throws HttpNotSpoken when the iLO does not take RIBCL over HTTP
     */
    String http(String script, String what) throws IloException, HttpNotSpoken {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(XML_HEADER);
        body.writeBytes(script.getBytes(StandardCharsets.UTF_8));
        String head = "POST /ribcl HTTP/1.1\r\nHost: " + target.where() + "\r\nContent-Type: text/xml\r\n"
                + "Content-Length: " + body.size() + "\r\nConnection: close\r\n\r\n";
        byte[] answer = exchange(out -> {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            body.writeTo(out);
            out.flush();
        }, what);
        return httpBody(answer, what);
    }

    private String httpBody(byte[] answer, String what) throws IloException, HttpNotSpoken {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        if (text.stripLeading().startsWith("<?xml")) {
            throw new HttpNotSpoken("the iLO answered raw RIBCL XML to POST /ribcl");
        }
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            throw new IloException("the iLO at " + target.where() + " answered POST /ribcl (" + what + ") with "
                    + "something that is not HTTP (starts with '"
                    + RedfishClient.snippet(text.substring(0, Math.min(60, text.length()))) + "')");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        int code;
        try {
            code = Integer.parseInt(status.length > 1 ? status[1] : "");
        } catch (NumberFormatException e) {
            throw new IloException("the iLO at " + target.where() + " answered POST /ribcl with a bad HTTP status "
                    + "line '" + RedfishClient.snippet(lines[0]) + "'");
        }
        if (code == 404) {
            throw new HttpNotSpoken("the iLO answered HTTP 404 to POST /ribcl");
        }
        if (code != 200) {
            throw new IloException("the iLO at " + target.where() + " answered POST /ribcl (" + what + ") with HTTP "
                    + code + " " + RedfishClient.snippet(status.length > 2 ? status[2] : ""));
        }
        boolean chunked = false;
        int length = -1;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            } else if (name.equals("content-length")) {
                try {
                    length = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new IloException("the iLO at " + target.where() + " answered POST /ribcl with a bad "
                            + "Content-Length '" + RedfishClient.snippet(value) + "'");
                }
            }
        }
        byte[] rest = java.util.Arrays.copyOfRange(answer, end + 4, answer.length);
        if (chunked) {
            rest = dechunk(rest);
        } else if (length >= 0) {
            if (rest.length < length) {
                throw new IloException("the iLO at " + target.where() + " closed the connection after " + rest.length
                        + " of " + length + " bytes of its answer to POST /ribcl");
            }
            rest = java.util.Arrays.copyOf(rest, length);
        }
        return new String(rest, StandardCharsets.UTF_8);
    }

    private byte[] dechunk(byte[] in) throws IloException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (true) {
            int eol = indexOf(in, i);
            if (eol < 0) {
                throw new IloException("the iLO at " + target.where() + " sent a truncated chunked answer");
            }
            String size = new String(in, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int n;
            try {
                n = Integer.parseInt(size, 16);
            } catch (NumberFormatException e) {
                throw new IloException("the iLO at " + target.where() + " sent a bad chunk size '"
                        + RedfishClient.snippet(size) + "'");
            }
            if (n == 0) {
                return out.toByteArray();
            }
            if (n < 0 || eol + 2 + n > in.length) {
                throw new IloException("the iLO at " + target.where() + " sent a truncated chunked answer");
            }
            out.write(in, eol + 2, n);
            i = eol + 2 + n + 2;
        }
    }

    private static int indexOf(byte[] in, int from) {
        for (int i = from; i + 1 < in.length; i++) {
            if (in[i] == '\r' && in[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @FunctionalInterface
    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private byte[] exchange(Writer writer, String what) throws IloException {
        String where = target.where();
        int left = timeLeft(what);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (Socket plain = new Socket()) {
            try {
                plain.connect(new InetSocketAddress(target.host(), target.port()), left);
            } catch (SocketTimeoutException e) {
                throw deadline.timedOut("a connection to the iLO at " + where);
            } catch (UnknownHostException e) {
                throw new IloException("cannot connect to the iLO at " + where + ": unknown host", e);
            } catch (ConnectException e) {
                throw new IloException("cannot connect to the iLO at " + where + ": " + e.getMessage(), e);
            }
            try (SSLSocket tls = (SSLSocket) target.trust().sslContext(where).getSocketFactory()
                    .createSocket(plain, target.host(), target.port(), true)) {
                if (target.trust().mode() == ServerTrust.Mode.TRUST_STORE) {
                    SSLParameters p = tls.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    tls.setSSLParameters(p);
                }
                tls.setSoTimeout(timeLeft(what));
                tls.startHandshake();
                OutputStream out = tls.getOutputStream();
                writer.write(out);
                InputStream in = tls.getInputStream();
                byte[] buf = new byte[8192];
                while (true) {
                    tls.setSoTimeout(timeLeft(what));
                    int n;
                    try {
                        n = in.read(buf);
                    } catch (SocketTimeoutException e) {
                        throw e;
                    } catch (IOException e) {
                        if (answer.size() > 0) {
                            break; // closed without close_notify after answering, as old iLOs do
                        }
                        throw e;
                    }
                    if (n < 0) {
                        break;
                    }
                    answer.write(buf, 0, n);
                    if (answer.size() > MAX_ANSWER) {
                        throw new IloException("the iLO at " + where + " sent more than " + MAX_ANSWER
                                + " bytes in answer to " + what);
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            throw deadline.timedOut("the answer to " + what + " from the iLO at " + where);
        } catch (IOException e) {
            if (target.trust().refusal() != null) {
                throw new IloException(target.trust().refusal(), e);
            }
            if (e instanceof SSLException) {
                throw new IloException("TLS with the iLO at " + where + " failed during " + what + ": "
                        + e.getMessage(), e);
            }
            throw new IloException(what + " at the iLO " + where + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        return answer.toByteArray();
    }

    private int timeLeft(String what) throws IloException {
        long left = deadline.remainingMillis();
        if (left <= 0) {
            throw deadline.timedOut("the answer to " + what + " from the iLO at " + target.where());
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }
}
