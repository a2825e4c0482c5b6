package org.vigil.fence.ipmi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.fence.PowerState;

/**
 * A {@link Bmc} over one IPMI LAN+ session, set up on first use. When the BMC stops answering
 * within a session (its answers lost too often, or the BMC restarted and forgot the session),
 * a new session is set up and the request repeated, until the deadline.
 */
final class SessionBmc implements Bmc {
    private static final Logger LOG = LoggerFactory.getLogger(SessionBmc.class);

    /** One step done in a session. */
    @FunctionalInterface
    private interface Step<T> {
        T run(IpmiSession session) throws IpmiException;
    }

    private final IpmiTarget target;
    private final Deadline deadline;
    private final IpmiSession.TransportFactory transports;
    private IpmiSession session;

    /**
     * @param target   the BMC and credentials
     * @param deadline when to give up
     */
    SessionBmc(IpmiTarget target, Deadline deadline) {
        this(target, deadline, UdpTransport::new);
    }

    /**
     * @param target     the BMC and credentials
     * @param deadline   when to give up
     * @param transports how to reach the BMC
     */
    SessionBmc(IpmiTarget target, Deadline deadline, IpmiSession.TransportFactory transports) {
        this.target = target;
        this.deadline = deadline;
        this.transports = transports;
    }

    @Override
    public PowerState status() throws IpmiException {
        return call(s -> s.chassisPowerOn() ? PowerState.ON : PowerState.OFF);
    }

    @Override
    public void control(ChassisControl control) throws IpmiException {
        call(s -> {
            s.chassisControl(control);
            return Boolean.TRUE;
        });
    }

    private <T> T call(Step<T> step) throws IpmiException {
        while (true) {
            if (session == null) {
                session = IpmiSession.open(target, deadline, transports);
            }
            try {
                return step.run(session);
            } catch (IpmiException.NoAnswer e) {
                session.abandon();
                session = null;
                if (deadline.expired()) {
                    throw e;
                }
                LOG.info("BMC {} stopped answering in its session ({}); setting up a new session", target.where(),
                        e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
