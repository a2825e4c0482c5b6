package org.vigil.fence.pdu;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgent;
import org.vigil.api.fence.FenceAgentMetadata;
import org.vigil.api.fence.FenceResult;

/**
 * The {@code pdu} fence agent: an APC switched rack PDU (or an older Master Switch) over SNMP
 * v1, v2c or v3, driving PowerNet-MIB outlets as ClusterLabs' {@code fence_apc_snmp} does.
 * Parameters as fence_apc_snmp's ({@code ipaddr}, {@code community}, {@code snmp_version},
 * {@code login}, {@code passwd}, {@code snmp_sec_level}, ...). The plug is one or more outlet
 * numbers or names separated by commas; OFF succeeds only when every one of them reads OFF
 * after the command.
 */
@Component(service = FenceAgent.class, property = FenceAgent.TYPE_PROPERTY + "=" + PduFenceAgent.TYPE)
public final class PduFenceAgent implements FenceAgent {

    /** The device type this agent serves. */
    public static final String TYPE = "pdu";

    private static final Logger LOG = LoggerFactory.getLogger(PduFenceAgent.class);

    private static final FenceAgentMetadata METADATA = new FenceAgentMetadata(TYPE,
            "APC switched rack PDU over SNMP v1/v2c/v3 (PowerNet-MIB outlet control, as fence_apc_snmp)",
            PduParameters.PARAMETERS,
            EnumSet.of(FenceAction.ON, FenceAction.OFF, FenceAction.REBOOT, FenceAction.STATUS, FenceAction.LIST,
                    FenceAction.MONITOR));

    /** Opens an SNMP session to a PDU for one action (tests substitute a PDU in memory). */
    @FunctionalInterface
    interface SessionFactory {
        SnmpSession open(SnmpTarget target, Deadline deadline) throws PduException;
    }

    private final SessionFactory sessions;

    /** The agent over UDP with SNMP4J (what DS creates). */
    public PduFenceAgent() {
        this(Snmp4jSession::open);
    }

    /** @param sessions how to reach a PDU */
    PduFenceAgent(SessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public FenceAgentMetadata metadata() {
        return METADATA;
    }

    @Override
    public FenceResult execute(FenceAction action, Map<String, String> parameters, String plug, Duration timeout) {
        if (action == null) {
            return FenceResult.failed("no action given");
        }
        PduParameters p;
        try {
            p = PduParameters.parse(parameters == null ? Map.of() : parameters);
        } catch (IllegalArgumentException e) {
            LOG.warn("pdu {}: {}", action, e.getMessage());
            return FenceResult.failed(e.getMessage());
        }
        boolean needsPlug = action != FenceAction.LIST && action != FenceAction.MONITOR;
        if (needsPlug) {
            try {
                PlugSpec.parse(plug);
            } catch (PduException e) {
                LOG.warn("pdu {} {}: {}", p.target().where(), action, e.getMessage());
                return FenceResult.failed(e.getMessage());
            }
        }
        Duration limit = p.timeout();
        if (timeout != null && !timeout.isNegative() && !timeout.isZero() && timeout.compareTo(limit) < 0) {
            limit = timeout;
        }
        long start = System.nanoTime();
        Deadline deadline = Deadline.after(limit);
        FenceResult result;
        try (SnmpSession snmp = sessions.open(p.target(), deadline)) {
            OutletActions outlets = new OutletActions(snmp, deadline, p.powerWait(), p.powerTimeout());
            result = switch (action) {
                case STATUS -> outlets.status(plug);
                case ON -> outlets.on(plug);
                case OFF -> outlets.off(plug);
                case REBOOT -> outlets.reboot(plug);
                case LIST -> outlets.list();
                case MONITOR -> outlets.monitor();
            };
        } catch (PduException e) {
            result = FenceResult.failed(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("pdu {} {}: internal error", p.target().where(), action, e);
            result = FenceResult.failed("internal error in the pdu agent: " + e.getClass().getSimpleName());
        }
        String took = Deadline.seconds(Duration.ofMillis((System.nanoTime() - start) / 1_000_000L));
        String what = needsPlug ? action + " plug '" + plug + "'" : action.toString();
        if (result.success() && (action == FenceAction.STATUS || action == FenceAction.MONITOR
                || action == FenceAction.LIST)) {
            LOG.debug("pdu {} {}: {} ({})", p.target().where(), what, result.message(), took);
        } else if (result.success()) {
            LOG.info("pdu {} {}: {} ({})", p.target().where(), what, result.message(), took);
        } else {
            LOG.warn("pdu {} {} failed: {} ({})", p.target().where(), what, result.message(), took);
        }
        return result;
    }
}
