package org.vigil.shell.svc;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vigil.api.service.ServiceManager;

/** Releases the cluster-wide lock (clusvcadm -u) */
@Service
@Command(scope = "svc", name = "unlock", description = "Releases the cluster-wide lock (clusvcadm -u)")
public class UnlockCommand extends SvcCommandSupport {

    @Override
    public Object execute() throws Exception {
        ServiceManager m = requireManager();
        String trying = "Trying to unlock the service manager...";
        try {
            m.setLocked(false);
        } catch (RuntimeException e) {
            throw new ServiceCommandException(trying + "Failed: " + e.getMessage());
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("locked", false);
            out.put("success", true);
            System.out.println(toJson(out));
        } else {
            System.out.println(trying + "Success");
        }
        return null;
    }
}
