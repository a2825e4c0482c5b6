package org.vigil.fence.ilo;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.fence.PowerState;

/**
 * Power control over HP's RIBCL XML interface (iLO, iLO 2, iLO 3, iLO 4), as the RIBCL scripting
 * guide and ClusterLabs' fence_ilo describe it: {@code GET_HOST_POWER_STATUS} in a read-mode
 * {@code SERVER_INFO} block, answered by {@code <GET_HOST_POWER HOST_POWER="ON|OFF"/>}; power off
 * with {@code HOLD_PWR_BTN} and on with {@code PRESS_PWR_BTN} (RIBCL 2.21 and later), or with
 * {@code SET_HOST_POWER HOST_POWER="No|Yes"} (older); a reset with {@code COLD_BOOT_SERVER}. Each
 * script is one connection, logged in by its {@code LOGIN} element. One instance serves one action.
 */
final class RibclClient implements PowerControl {

    private static final Logger LOG = LoggerFactory.getLogger(RibclClient.class);
    /** From this RIBCL version on, the power buttons are used (as fence_ilo does). */
    static final double BUTTONS_FROM = 2.21;

    private final IloTarget target;
    private final RibclTransfer transfer;
    private IloParameters.RibclTransport transport;
    private double version = -1;

    /**
     * @param target    the iLO (with a trust for this action)
     * @param deadline  when the action must be over
     * @param transport raw, http or auto
     */
    RibclClient(IloTarget target, Deadline deadline, IloParameters.RibclTransport transport) {
        this.target = target;
        this.transfer = new RibclTransfer(target, deadline);
        this.transport = transport;
    }

    @Override
    public PowerState status() throws IloException {
        RibclAnswer a = run("read", "<GET_HOST_POWER_STATUS/>", "GET_HOST_POWER_STATUS");
        String power = a.hostPower();
        if (power == null) {
            throw new IloException("the iLO at " + target.where() + " answered GET_HOST_POWER_STATUS without a "
                    + "GET_HOST_POWER element");
        }
        switch (power.trim().toUpperCase(Locale.ROOT)) {
            case "ON":
                return PowerState.ON;
            case "OFF":
                return PowerState.OFF;
            default:
                throw new IloException("the iLO at " + target.where() + " reports HOST_POWER '"
                        + RedfishClient.snippet(power) + "', not ON or OFF");
        }
    }

    @Override
    public void powerOff() throws IloException {
        String c = offCommand();
        run("write", buttons() ? "<HOLD_PWR_BTN/>" : "<SET_HOST_POWER HOST_POWER=\"No\"/>", c);
    }

    @Override
    public void powerOn() throws IloException {
        String c = onCommand();
        run("write", buttons() ? "<PRESS_PWR_BTN/>" : "<SET_HOST_POWER HOST_POWER=\"Yes\"/>", c);
    }

    @Override
    public void powerCycle() throws IloException {
        run("write", "<COLD_BOOT_SERVER/>", cycleCommand());
    }

    @Override
    public String offCommand() {
        return buttons() ? "HOLD_PWR_BTN" : "SET_HOST_POWER No";
    }

    @Override
    public String onCommand() {
        return buttons() ? "PRESS_PWR_BTN" : "SET_HOST_POWER Yes";
    }

    @Override
    public String cycleCommand() {
        return "COLD_BOOT_SERVER";
    }

    private boolean buttons() {
        return version >= BUTTONS_FROM;
    }

    /** Runs one command in a SERVER_INFO block and checks every RESPONSE. */
    private RibclAnswer run(String mode, String command, String name) throws IloException {
        String script = "<RIBCL VERSION=\"2.0\">\r\n<LOGIN USER_LOGIN=\"" + attribute(target.login())
                + "\" PASSWORD=\"" + attribute(target.passwd()) + "\">\r\n<SERVER_INFO MODE=\"" + mode + "\">\r\n"
                + command + "\r\n</SERVER_INFO>\r\n</LOGIN>\r\n</RIBCL>\r\n";
        String text;
        if (transport == IloParameters.RibclTransport.RAW) {
            text = transfer.raw(script, name);
        } else {
            try {
                text = transfer.http(script, name);
                transport = IloParameters.RibclTransport.HTTP;
            } catch (RibclTransfer.HttpNotSpoken e) {
                if (transport == IloParameters.RibclTransport.HTTP) {
                    throw new IloException("the iLO at " + target.where() + " does not take RIBCL over HTTP ("
                            + e.getMessage() + "); iLO and iLO 2 need ribcl_transport=raw or auto");
                }
                LOG.debug("ribcl {}: {}; using the raw transport", target.where(), e.getMessage());
                transport = IloParameters.RibclTransport.RAW;
                text = transfer.raw(script, name);
            }
        }
        RibclAnswer a = RibclAnswer.parse(text, target.where());
        if (version < 0) {
            version = a.versionNumber();
        }
        RibclAnswer.Response error = a.firstError();
        if (error != null) {
            String said = "RIBCL status " + error.statusText() + " '" + RedfishClient.snippet(error.message()) + "'";
            if (loginFailed(error)) {
                throw new IloException("login refused by the iLO at " + target.where() + " (" + said
                        + "): wrong login or password for user '" + target.login() + "'");
            }
            throw new IloException("the iLO at " + target.where() + " refused " + name + " (" + said + ")");
        }
        return a;
    }

    private static boolean loginFailed(RibclAnswer.Response r) {
        String m = r.message().toLowerCase(Locale.ROOT);
        return r.status() == RibclAnswer.LOGIN_FAILED || m.contains("login failed")
                || m.contains("login credentials rejected") || m.contains("user login name was not found");
    }

    /** XML attribute value escaping (the password may hold any character). */
    static String attribute(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&apos;"); break;
                case '\r': b.append("&#13;"); break;
                case '\n': b.append("&#10;"); break;
                case '\t': b.append("&#9;"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }
}
