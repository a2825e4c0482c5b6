package org.vigil.api.fence;

/** What a fence agent is asked to do, as ClusterLabs agents name their actions. */
public enum FenceAction {
    /** Power on (or unfence). */
    ON,
    /** Power off (or cut off). */
    OFF,
    /** Off, then on. */
    REBOOT,
    /** Report the power state of a plug. */
    STATUS,
    /** List the plugs the device controls. */
    LIST,
    /** Check the device itself answers. */
    MONITOR
}
