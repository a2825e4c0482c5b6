package org.vigil.fence.daemon;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One fence method of a node (a level): every device must succeed for the level to succeed.
 *
 * @param number  1 for the first method
 * @param name    the method's name as configured
 * @param devices its devices, in order
 */
record Level(int number, String name, List<DeviceStep> devices) {

    Level {
        devices = List.copyOf(devices);
    }

    /** @return "level 1 (ipmi)" */
    String label() {
        return "level " + number + (name.isEmpty() ? "" : " (" + name + ")");
    }

    /** @return the devices' labels joined with " + " */
    String deviceLabels() {
        return devices.stream().map(DeviceStep::label).collect(Collectors.joining(" + "));
    }
}
