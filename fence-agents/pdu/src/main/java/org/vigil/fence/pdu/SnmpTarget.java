package org.vigil.fence.pdu;

import java.time.Duration;

/**
 * Where the PDU is and how to speak SNMP to it. {@link #toString()} never shows the community or
 * the passwords.
 *
 * @param host           address or host name
 * @param port           UDP port
 * @param version        SNMP version
 * @param community      v1/v2c community (a secret: it grants write access)
 * @param user           v3 user (security name); null for v1/v2c
 * @param securityLevel  v3 security level
 * @param authProtocol   v3 authentication protocol (used from authNoPriv up)
 * @param authPassword   v3 authentication password (used from authNoPriv up)
 * @param privProtocol   v3 privacy protocol (used with authPriv)
 * @param privPassword   v3 privacy password (used with authPriv)
 * @param requestTimeout how long to wait for one answer before sending the request again
 */
record SnmpTarget(String host, int port, Version version, String community, String user,
                  SecurityLevel securityLevel, AuthProtocol authProtocol, String authPassword,
                  PrivProtocol privProtocol, String privPassword, Duration requestTimeout) {

    /** SNMP versions, named as in {@code snmp_version}. */
    enum Version {
        V1("1"), V2C("2c"), V3("3");

        private final String label;

        Version(String label) {
            this.label = label;
        }

        /** @return the value of {@code snmp_version} */
        String label() {
            return label;
        }
    }

    /** SNMPv3 security levels, named as in {@code snmp_sec_level}. */
    enum SecurityLevel {
        NO_AUTH_NO_PRIV("noAuthNoPriv"), AUTH_NO_PRIV("authNoPriv"), AUTH_PRIV("authPriv");

        private final String label;

        SecurityLevel(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        boolean authenticates() {
            return this != NO_AUTH_NO_PRIV;
        }

        boolean encrypts() {
            return this == AUTH_PRIV;
        }
    }

    /** SNMPv3 authentication protocols ({@code snmp_auth_prot}): HMAC-MD5-96 and HMAC-SHA-96. */
    enum AuthProtocol { MD5, SHA }

    /** SNMPv3 privacy protocols ({@code snmp_priv_prot}): DES-CBC and AES-128-CFB. */
    enum PrivProtocol { DES, AES }

    /** @return "host:port" */
    String where() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** @return what is spoken, e.g. "SNMP v2c" or "SNMP v3 user 'fenceuser' (authPriv, SHA/AES)" */
    String describe() {
        if (version != Version.V3) {
            return "SNMP v" + version.label();
        }
        String how = securityLevel.label();
        if (securityLevel.authenticates()) {
            how += ", " + authProtocol + (securityLevel.encrypts() ? "/" + privProtocol : "");
        }
        return "SNMP v3 user '" + user + "' (" + how + ")";
    }

    @Override
    public String toString() {
        return "SnmpTarget[" + where() + ", " + describe() + (version == Version.V3 ? "" : ", community=****")
                + (authPassword != null ? ", passwd=****" : "") + (privPassword != null ? ", snmp_priv_passwd=****" : "")
                + ", request_timeout=" + Deadline.seconds(requestTimeout) + "]";
    }
}
