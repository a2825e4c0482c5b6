package org.vigil.fence.ipmi;

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
 * The {@code ipmi} fence agent: IPMI v2.0 over LAN (lanplus, RMCP+ cipher suite 3) with a
 * native client. Parameters as fence_ipmilan's ({@code ipaddr}, {@code login}, {@code passwd},
 * {@code privlvl}, {@code method}, ...). OFF succeeds only when a status read after the power
 * command shows OFF.
 */
@Component(service = FenceAgent.class, property = FenceAgent.TYPE_PROPERTY + "=" + IpmiFenceAgent.TYPE)
public final class IpmiFenceAgent implements FenceAgent {

    /** The device type this agent serves. */
    public static final String TYPE = "ipmi";

    private static final Logger LOG = LoggerFactory.getLogger(IpmiFenceAgent.class);

    private static final FenceAgentMetadata METADATA = new FenceAgentMetadata(TYPE,
            "IPMI v2.0 BMC over LAN (lanplus, cipher suite 3): chassis power status, on, off, reboot",
            IpmiParameters.PARAMETERS,
            EnumSet.of(FenceAction.ON, FenceAction.OFF, FenceAction.REBOOT, FenceAction.STATUS,
                    FenceAction.MONITOR));

    /** Opens the BMC for one action (tests substitute fakes). */
    @FunctionalInterface
    interface BmcFactory {
        Bmc open(IpmiTarget target, Deadline deadline);
    }

    private final BmcFactory bmcs;

    /** The agent over UDP (what DS creates). */
    public IpmiFenceAgent() {
        this(SessionBmc::new);
    }

    /** @param bmcs how to reach a BMC */
    IpmiFenceAgent(BmcFactory bmcs) {
        this.bmcs = bmcs;
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
        IpmiParameters p;
        try {
            p = IpmiParameters.parse(parameters == null ? Map.of() : parameters);
        } catch (IllegalArgumentException e) {
            LOG.warn("ipmi {}: {}", action, e.getMessage());
            return FenceResult.failed(e.getMessage());
        }
        if (action == FenceAction.LIST) {
            return FenceResult.failed("LIST is not supported by the ipmi agent: a BMC controls exactly one machine "
                    + "and has no plugs");
        }
        Duration limit = p.timeout();
        if (timeout != null && !timeout.isNegative() && !timeout.isZero() && timeout.compareTo(limit) < 0) {
            limit = timeout;
        }
        long start = System.nanoTime();
        Deadline deadline = Deadline.after(limit);
        FenceResult result;
        try (Bmc bmc = bmcs.open(p.target(), deadline)) {
            PowerActions actions = new PowerActions(bmc, deadline, p.powerWait());
            switch (action) {
                case STATUS:
                    result = actions.status();
                    break;
                case MONITOR:
                    result = actions.monitor();
                    break;
                case ON:
                    result = actions.on();
                    break;
                case OFF:
                    result = actions.off();
                    break;
                case REBOOT:
                    result = actions.reboot(p.method());
                    break;
                default:
                    result = FenceResult.failed("action " + action + " is not supported by the ipmi agent");
            }
        } catch (IpmiException e) {
            result = FenceResult.failed(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("ipmi {} {}: internal error", p.target().where(), action, e);
            result = FenceResult.failed("internal error in the ipmi agent: " + e.getClass().getSimpleName());
        }
        String took = Deadline.seconds(Duration.ofMillis((System.nanoTime() - start) / 1_000_000L));
        if (result.success() && (action == FenceAction.STATUS || action == FenceAction.MONITOR)) {
            LOG.debug("ipmi {} {}: {} ({})", p.target().where(), action, result.message(), took);
        } else if (result.success()) {
            LOG.info("ipmi {} {}: {} ({})", p.target().where(), action, result.message(), took);
        } else {
            LOG.warn("ipmi {} {} failed: {} ({})", p.target().where(), action, result.message(), took);
        }
        return result;
    }
}
