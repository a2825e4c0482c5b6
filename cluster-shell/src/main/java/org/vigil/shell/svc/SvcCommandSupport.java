package org.vigil.shell.svc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.vigil.api.service.ServiceManager;
import org.vigil.api.service.ServiceOperationResult;
import org.vigil.api.service.ServiceStatus;
import org.vigil.api.service.ServiceVerb;

/**
 * What the {@code svc:} commands (clusvcadm and clustat) share: the service manager, {@code --json},
 * and the "Trying to relocate service:web to node2...Success" line; a failure ends the command with
 * an error saying why (non-zero exit).
 */
public abstract class SvcCommandSupport implements Action {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Reference(optional = true)
    ServiceManager manager;

    @Option(name = "--json", description = "Print JSON for scripts")
    boolean json;

    /** @return the service manager, or a failure saying it does not run here */
    ServiceManager requireManager() throws ServiceCommandException {
        if (manager == null) {
            throw new ServiceCommandException("the service manager is not running on this node (feature vigil-service;"
                + " it needs membership, quorum, the configuration and the resource manager)");
        }
        return manager;
    }

    /**
     * Carries out a verb and prints how it went.
     *
     * @param verb    the verb
     * @param service the service
     * @param member  the target member, or null
     * @return null
     * @throws ServiceCommandException when it failed, with the reason
     */
    Object perform(ServiceVerb verb, String service, String member) throws Exception {
        ServiceManager m = requireManager();
        String word = verb.name().toLowerCase(Locale.ROOT);
        String trying = "Trying to " + word + " service:" + service + (member == null ? ""
            : (verb == ServiceVerb.ENABLE ? " on " : " to ") + member) + "...";
        ServiceOperationResult r = m.perform(verb, service, Optional.ofNullable(member)).get(10, TimeUnit.MINUTES);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("verb", word);
            out.put("service", service);
            out.put("member", member);
            out.put("success", r.success());
            out.put("owner", r.owner().orElse(null));
            out.put("message", r.message());
            System.out.println(toJson(out));
        } else if (r.success()) {
            System.out.println(trying + "Success");
            System.out.println(r.message());
        }
        if (!r.success()) {
            throw new ServiceCommandException(trying + "Failed: " + r.message());
        }
        return null;
    }

    /**
     * @param s a service
     * @return clustat's "Owner (Last)" cell: the owner, else the last owner in brackets, else (none)
     */
    static String ownerCell(ServiceStatus s) {
        return s.owner().orElse(s.lastOwner().map(l -> "(" + l + ")").orElse("(none)"));
    }

    /**
     * @param s a service
     * @return clustat's state cell: {@code started}, with {@code [Z]} when frozen
     */
    static String stateCell(ServiceStatus s) {
        return s.state().name().toLowerCase(Locale.ROOT) + (s.frozen() ? " [Z]" : "");
    }

    String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
