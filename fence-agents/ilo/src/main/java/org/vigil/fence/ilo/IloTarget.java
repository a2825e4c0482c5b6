package org.vigil.fence.ilo;

/**
 * One iLO and how to talk to it. {@link #toString()} never shows the password.
 *
 * @param host  address or host name
 * @param port  TCP port (443)
 * @param login user name
 * @param passwd password (secret)
 * @param trust which certificate is accepted
 */
record IloTarget(String host, int port, String login, String passwd, ServerTrust trust) {

    /** @return {@code host:port} for messages ({@code [v6]:port} for IPv6 literals) */
    String where() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** @return the same iLO with a fresh trust for one action */
    IloTarget forAction() {
        return new IloTarget(host, port, login, passwd, trust.forAction());
    }

    @Override
    public String toString() {
        return "IloTarget[" + where() + ", login=" + login + ", passwd=****, " + trust + "]";
    }
}
