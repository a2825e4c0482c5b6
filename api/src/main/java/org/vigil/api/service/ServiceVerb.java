package org.vigil.api.service;

/** The operator's verbs, as clusvcadm has them. */
public enum ServiceVerb {
    /** -e: enable (start), optionally on a member. */
    ENABLE,
    /** -d: stop and disable. */
    DISABLE,
    /** -s: stop (autostart may start it again later). */
    STOP,
    /** -R: restart in place. */
    RESTART,
    /** -r: relocate to a member or the best other one. */
    RELOCATE,
    /** -M: live-migrate to a member. */
    MIGRATE,
    /** -Z: freeze. */
    FREEZE,
    /** -U: unfreeze. */
    UNFREEZE
}
