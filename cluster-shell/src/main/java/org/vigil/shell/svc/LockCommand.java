package org.vigil.shell.svc;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vigil.api.service.ServiceManager;

/** Locks the service manager cluster-wide: no service moves between nodes (clusvcadm -l) */
@Service
@Command(scope = "svc", name = "lock", description = "Locks the service manager cluster-wide: no service moves between nodes (clusvcadm -l)")
public class LockCommand extends SvcCommandSupport {

    @Override
    public Object execute() throws Exception {
        ServiceManager m = requireManager();
        String trying = "Trying to lock the service manager...";
        try {
            m.setLocked(true);
        } catch (RuntimeException e) {
            throw new ServiceCommandException(trying + "Failed: " + e.getMessage());
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("locked", true);
            out.put("success", true);
            System.out.println(toJson(out));
        } else {
            System.out.println(trying + "Success");
        }
        return null;
    }
}
