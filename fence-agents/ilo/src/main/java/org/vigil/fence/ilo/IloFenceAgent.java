package org.vigil.fence.ilo;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgent;
import org.vigil.api.fence.FenceAgentMetadata;
import org.vigil.api.fence.FenceResult;

/**
 * The {@code ilo} fence agent: HP iLO power control over Redfish (iLO 5+, the default) or RIBCL
 * (iLO 2-4), chosen by {@code ilo_protocol}. Parameters as fence_ilo's and fence_redfish's
 * ({@code ipaddr}, {@code login}, {@code passwd}, {@code ssl_insecure}, ...) plus
 * {@code ssl_fingerprint}. The iLO's certificate is checked against the JDK trust store unless it
 * is pinned by fingerprint. OFF and ON succeed only when a power read after the command confirms.
 */
@Component(service = FenceAgent.class, property = FenceAgent.TYPE_PROPERTY + "=" + IloFenceAgent.TYPE)
public final class IloFenceAgent implements FenceAgent {

    /** The device type this agent serves. */
    public static final String TYPE = "ilo";

    private static final Logger LOG = LoggerFactory.getLogger(IloFenceAgent.class);

    private static final FenceAgentMetadata METADATA = new FenceAgentMetadata(TYPE,
            "HP iLO over Redfish (iLO 5+) or RIBCL (iLO 2-4) via HTTPS: power status, on, off, reboot",
            IloParameters.PARAMETERS,
            EnumSet.of(FenceAction.ON, FenceAction.OFF, FenceAction.REBOOT, FenceAction.STATUS,
                    FenceAction.MONITOR));

    @Override
    public FenceAgentMetadata metadata() {
        return METADATA;
    }

    @Override
    public FenceResult execute(FenceAction action, Map<String, String> parameters, String plug, Duration timeout) {
        if (action == null) {
            return FenceResult.failed("no action given");
        }
        IloParameters p;
        try {
            p = IloParameters.parse(parameters == null ? Map.of() : parameters);
        } catch (IllegalArgumentException e) {
            LOG.warn("ilo {}: {}", action, e.getMessage());
            return FenceResult.failed(e.getMessage());
        }
        if (action == FenceAction.LIST) {
            return FenceResult.failed("LIST is not supported by the ilo agent: an iLO controls exactly one server "
                    + "and has no plugs");
        }
        if (action != FenceAction.STATUS && action != FenceAction.MONITOR && action != FenceAction.ON
                && action != FenceAction.OFF && action != FenceAction.REBOOT) {
            return FenceResult.failed("action " + action + " is not supported by the ilo agent");
        }
        Duration limit = p.timeout();
        if (timeout != null && !timeout.isNegative() && !timeout.isZero() && timeout.compareTo(limit) < 0) {
            limit = timeout;
        }
        IloTarget target = p.target().forAction();
        String where = p.protocol().name().toLowerCase(java.util.Locale.ROOT) + " " + target.where();
        if (target.trust().mode() == ServerTrust.Mode.INSECURE) {
            LOG.warn("ilo {} {}: ssl_insecure=1: the iLO's certificate is NOT checked; anyone in the path can pose "
                    + "as this iLO and see its password. Set ssl_fingerprint instead.", where, action);
        }
        long start = System.nanoTime();
        Deadline deadline = Deadline.after(limit);
        FenceResult result;
        try {
            PowerControl power = p.protocol() == IloParameters.Protocol.RIBCL
                    ? new RibclClient(target, deadline, p.ribclTransport())
                    : new RedfishClient(target, deadline, p.redfishUri(), p.systemsUri());
            PowerActions actions = new PowerActions(power, deadline, p.powerWait());
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
                default:
                    result = actions.reboot(p.method());
                    break;
            }
        } catch (IloException e) {
            result = FenceResult.failed(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("ilo {} {}: internal error ({})", where, action, e.getClass().getName());
            result = FenceResult.failed("internal error in the ilo agent: " + e.getClass().getSimpleName());
        }
        result = withoutSecret(result, target.passwd());
        String took = Deadline.since(start);
        if (result.success() && (action == FenceAction.STATUS || action == FenceAction.MONITOR)) {
            LOG.debug("ilo {} {}: {} ({})", where, action, result.message(), took);
        } else if (result.success()) {
            LOG.info("ilo {} {}: {} ({})", where, action, result.message(), took);
        } else {
            LOG.warn("ilo {} {} failed: {} ({})", where, action, result.message(), took);
        }
        return result;
    }

    /**
     * Device text quoted in a message could echo the password back: it is masked. Very short
     * passwords are not searched for (they would mask ordinary words); they are never put in a
     * message by the agent itself.
     */
    static FenceResult withoutSecret(FenceResult r, String secret) {
        if (secret == null || secret.length() < 4 || r.message() == null || !r.message().contains(secret)) {
            return r;
        }
        return new FenceResult(r.success(), r.power(), List.copyOf(r.plugs()), r.message().replace(secret, "****"));
    }
}
