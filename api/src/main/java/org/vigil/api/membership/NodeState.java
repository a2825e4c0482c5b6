package org.vigil.api.membership;

/** The state of a configured node as the local node sees it (cman_tool nodes' "Sts" column). */
public enum NodeState {
    /** In the current view ("M"). */
    MEMBER,
    /** Configured but not in the current view: never seen, stopped, failed or cut off ("X"). */
    DEAD,
    /** Heard from but refused admission: wrong cluster name, unknown name, bad authentication ("d"). */
    DISALLOWED
}
