package org.vigil.itests.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;

/**
 * Runs Karaf shell commands on nodes over ssh with the Apache MINA sshd client: one client
 * per harness; per command a session, password authentication and an exec channel.
 *
 * <p>What Karaf 4.4 does over an exec channel (checked): it closes the whole ssh session
 * after the command, so sessions cannot be reused (a command costs ~0.2 s with the
 * handshake); a command that throws gives exit status 1 and prints
 * {@code Error executing command: MESSAGE} on <em>stdout</em>, in ANSI colours; an unknown
 * command gives exit status 1 and {@code Command not found: NAME}. The colours are
 * removed here so tests see plain text.
 */
public final class KarafShell implements AutoCloseable {

    /** How long connecting and authenticating may take at most. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private final SshClient client;

    KarafShell() {
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> true);        // each node makes its own host key
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);    // ignore ~/.ssh/config
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER); // password only, no ~/.ssh keys
        client.start();
    }

    /**
     * Runs one command.
     *
     * @return its exit status and output; a command that fails in Karaf is a result, not an exception
     * @throws ShellException when the node cannot be reached (not up yet, stopped, frozen) or
     *                        the command does not finish within {@code timeout}
     */
    public ShellResult exec(Node node, String command, Duration timeout) {
        Duration connect = timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT;
        ClientSession session;
        try {
            session = client.connect(node.shellUser(), node.address(), node.sshPort()).verify(connect).getSession();
        } catch (IOException | RuntimeException e) {
            throw new ShellException(node.name() + ": cannot connect to ssh " + node.address() + ":" + node.sshPort() + ": " + e, e, false);
        }
        try (session) {
            session.addPasswordIdentity(node.shellPassword());
            session.auth().verify(connect);
            return run(session, node, command, timeout);
        } catch (ShellException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ShellException(node.name() + ": '" + command + "' could not run: " + e, e, false);
        }
    }

    private static ShellResult run(ClientSession session, Node node, String command, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(timeout);
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                throw new ShellException(node.name() + ": '" + command + "' did not finish within "
                    + Await.format(timeout) + "; output so far: " + clean(out.toString(StandardCharsets.UTF_8)), null, true);
            }
            Integer status = channel.getExitStatus();
            return new ShellResult(node.name(), command, status == null ? -1 : status,
                clean(out.toString(StandardCharsets.UTF_8)), clean(err.toString(StandardCharsets.UTF_8)));
        }
    }

    /** @return the text without ANSI colour codes and with plain LF line ends */
    static String clean(String s) {
        return ANSI.matcher(s).replaceAll("").replace("\r\n", "\n");
    }

    @Override
    public void close() {
        client.stop();
    }

    /** A node's shell cannot be reached, or a command did not finish in time. */
    public static final class ShellException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean timedOut;

        ShellException(String message, Throwable cause, boolean timedOut) {
            super(message, cause);
            this.timedOut = timedOut;
        }

        /** @return true when the command ran but did not finish in time */
        public boolean timedOut() {
            return timedOut;
        }
    }
}
