package org.vigil.fence.ilo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * An iLO's RIBCL interface, written from HP's "HP Integrated Lights-Out XML Scripting and
 * Command Line Guide" (RIBCL 2.x): a TLS server on one port that takes a RIBCL script either raw
 * (the XML header, then the script; answered, then the connection is closed: iLO 2) or as
 * {@code POST /ribcl} (HTTP/1.1, answered chunked: iLO 3/4; an iLO 2 persona answers 404). Every
 * command is answered with its own {@code <?xml?><RIBCL VERSION=...><RESPONSE STATUS=...
 * MESSAGE='...'/>...</RIBCL>} document; a bad login with STATUS 0x005F 'Login failed.'. A
 * persona with RIBCL version 2.0 knows no power buttons (SET_HOST_POWER only), as older firmware.
 * Both transports share one port because a real iLO serves them on its one HTTPS port (443).
 */
final class RibclServer implements AutoCloseable {

    /** What the server does with scripts. */
    enum Behaviour {
        /** As an iLO. */
        NORMAL,
        /** Reads the script, never answers. */
        HANG,
        /** Answers with truncated, malformed XML. */
        GARBAGE
    }

    static final String USER = "Administrator";
    static final String PASSWORD = "ribcl&<\"pw'>";

    private final SSLServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final SimulatedServer host;
    private final String version;
    private final boolean http;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<String> transports = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour = Behaviour.NORMAL;

    /**
     * @param certificate the server certificate
     * @param host        the server whose power it controls
     * @param version     the RIBCL version it reports, e.g. "2.22" (iLO 3/4) or "2.0"
     * @param http        whether it takes POST /ribcl (iLO 3/4) or answers it 404 (iLO 2)
     */
    RibclServer(TestCertificate certificate, SimulatedServer host, String version, boolean http) throws IOException {
        this.host = host;
        this.version = version;
        this.http = http;
        listener = (SSLServerSocket) certificate.serverContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "ribcl-server");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    void behave(Behaviour b) {
        behaviour = b;
    }

    /** @return "raw" or "http" (or "http-404") for each script received, in order */
    List<String> transports() {
        return List.copyOf(transports);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            String text = "";
            boolean viaHttp = false;
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                got.write(buf, 0, n);
                text = got.toString(StandardCharsets.UTF_8);
                if (text.startsWith("POST ")) {
                    int end = text.indexOf("\r\n\r\n");
                    if (end < 0) {
                        continue;
                    }
                    viaHttp = true;
                    int length = contentLength(text.substring(0, end));
                    if (got.size() - (end + 4) < length) {
                        continue;
                    }
                    text = text.substring(end + 4);
                    break;
                }
                if (text.toUpperCase(Locale.ROOT).contains("</RIBCL>")) {
                    break;
                }
            }
            if (viaHttp && !http) {
                transports.add("http-404");
                out.write(("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            transports.add(viaHttp ? "http" : "raw");
            if (behaviour == Behaviour.HANG) {
                closing.await(60, TimeUnit.SECONDS);
                return;
            }
            String answer = behaviour == Behaviour.GARBAGE
                    ? "<?xml version=\"1.0\"?>\r\n<RIBCL VERSION=\"" + version + "\">\r\n<RESPONSE\r\n    STATUS=\"0x00"
                    : answer(text);
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            if (viaHttp) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                int half = body.length / 2; // two chunks, as iLO 3/4 send them
                chunk(out, body, 0, half);
                chunk(out, body, half, body.length - half);
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(body);
            }
            out.flush();
        } catch (IOException e) {
            // the client went away (or refused the certificate): nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void chunk(OutputStream out, byte[] b, int off, int len) throws IOException {
        out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b, off, len);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    /** The answers to one script, one document per RESPONSE. */
    private String answer(String script) {
        Element ribcl;
        try {
            String xml = script.substring(script.indexOf("<RIBCL"));
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            ribcl = d.getDocumentElement();
        } catch (Exception e) {
            return document(response(0x0001, "Syntax error: the script is not well-formed XML"));
        }
        List<String> docs = new ArrayList<>();
        docs.add(document(response(0, "No error")));
        Element login = child(ribcl, "LOGIN");
        if (login == null || !USER.equals(login.getAttribute("USER_LOGIN"))
                || !PASSWORD.equals(login.getAttribute("PASSWORD"))) {
            return document(response(0x005F, "Login failed."));
        }
        for (Node n = login.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element) || !((Element) n).getTagName().equals("SERVER_INFO")) {
                continue;
            }
            Element info = (Element) n;
            boolean write = "write".equalsIgnoreCase(info.getAttribute("MODE"));
            for (Node c = info.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element) {
                    docs.add(document(command((Element) c, write)));
                }
            }
        }
        return String.join("", docs);
    }

    private String command(Element c, boolean write) {
        String name = c.getTagName();
        boolean buttons = Double.parseDouble(version) >= 2.21;
        if (name.equals("GET_HOST_POWER_STATUS")) {
            return response(0, "No error") + "<GET_HOST_POWER\r\n    HOST_POWER=\"" + (host.isOn() ? "ON" : "OFF")
                    + "\"\r\n/>\r\n";
        }
        boolean known = name.equals("SET_HOST_POWER") || name.equals("COLD_BOOT_SERVER")
                || (buttons && (name.equals("HOLD_PWR_BTN") || name.equals("PRESS_PWR_BTN")));
        if (!known) {
            return response(0x0001, "Syntax error: Line #0: syntax error near \"" + name + "\" in the line: \"\".");
        }
        if (!write) {
            return response(0x0023, "Server Info must be in write mode.");
        }
        host.record("ribcl " + name + (c.hasAttribute("HOST_POWER") ? " " + c.getAttribute("HOST_POWER") : ""));
        switch (name) {
            case "HOLD_PWR_BTN":
                if (!host.isOn()) {
                    return response(0x0003, "Host power is already OFF.");
                }
                host.forceOff();
                break;
            case "PRESS_PWR_BTN":
                if (!host.isOn()) {
                    host.powerOn();
                } // a press while on asks the OS to shut down: the simulated node ignores it
                break;
            case "COLD_BOOT_SERVER":
                host.cycle();
                break;
            default:
                String power = c.getAttribute("HOST_POWER");
                if (power.equalsIgnoreCase("No")) {
                    host.forceOff();
                } else if (power.equalsIgnoreCase("Yes")) {
                    host.powerOn();
                } else {
                    return response(0x0001, "Syntax error: HOST_POWER must be Yes or No.");
                }
        }
        return response(0, "No error");
    }

    private String document(String content) {
        return "<?xml version=\"1.0\"?>\r\n<RIBCL VERSION=\"" + version + "\">\r\n" + content + "</RIBCL>\r\n";
    }

    private static String response(int status, String message) {
        return String.format(Locale.ROOT, "<RESPONSE\r\n    STATUS=\"0x%04X\"\r\n    MESSAGE='%s'\r\n     />\r\n",
                status, message.replace("'", "&apos;"));
    }

    private static Element child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
                return (Element) n;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        listener.close();
        threads.shutdownNow();
    }
}
