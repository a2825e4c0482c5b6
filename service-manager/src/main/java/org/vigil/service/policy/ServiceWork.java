package org.vigil.service.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.vigil.api.config.ServiceDefinition;
import org.vigil.api.service.ServiceState;

/** One service while a decision is being made: what was, what is reported, what is asked, what will be. */
final class ServiceWork {

    /** How the service is to be placed, once safety, freezing and failures have been dealt with. */
    enum Mode {
        /** Decided: no placement (frozen, waiting, failed, kept stopped...). */
        DONE,
        /** Runs on {@link #runningAt}: stays there unless a move is due. */
        RUNNING,
        /** Not running (or being restarted/moved): find a node and start it. */
        PLACE
    }

    final ServiceDefinition def;
    final String name;
    final int index;
    final DomainView domain;
    final boolean exclusive;
    final boolean migratable;
    final ServiceEntry previous;

    /** Member node to reported state, for states other than STOPPED. */
    final Map<String, ReportedState> observed = new LinkedHashMap<>();
    final List<Instant> reportedRestarts = new ArrayList<>();

    // the new entry
    ServiceState state;
    Optional<String> owner;
    Optional<String> lastOwner;
    boolean frozen;
    boolean disabled;
    boolean held;
    List<Instant> restarts;
    Set<String> failedStarts;
    String reason;

    // operator intents
    boolean restartRequested;
    Optional<String> enableTarget = Optional.empty();
    boolean relocateRequested;
    Optional<String> relocateTarget = Optional.empty();
    Optional<String> migrateTarget = Optional.empty();
    boolean enableRequested;
    boolean flagsBeforeEnableDisabled;
    boolean flagsBeforeEnableHeld;

    /** The one member where it is active (running, starting or stopping) once copies are resolved. */
    Optional<String> activeOn = Optional.empty();

    // placement
    Mode mode = Mode.DONE;
    Optional<String> runningAt = Optional.empty();
    Optional<String> fixedTarget = Optional.empty();
    /** The node it is on and may stay on (running there, or restarting in place there). */
    Optional<String> home = Optional.empty();
    final Set<String> exclude = new TreeSet<>();
    /** Why it is being placed: "node1 fenced", "autostart"... */
    String cause = "";
    /** The node it is leaving for a failure or fencing; a move away from it is a relocation (lock). */
    Optional<String> leaving = Optional.empty();
    /** When no node can take it: FAILED (true) or STOPPED. */
    boolean failIfNowhere;
    /** The node it occupies once decided (for exclusivity and load). */
    Optional<String> occupies = Optional.empty();
    /** Whether an action (stop/start/migrate) was emitted for it. */
    boolean acted;
    /** The node it ran on before a restart or recovery of this decision (a start elsewhere is a move). */
    Optional<String> previousOwnerForStart = Optional.empty();
    /** recovery="relocate": restart in place when no other node can take it. */
    boolean restartInPlaceIfNowhere;
    /** Why it is kept stopped ("disabled by operator"...), when this decision knows. */
    String stopWhy = "";
    /** Its {@code domain} names no configured failover domain. */
    boolean unknownDomain;
    /** Where it was started by this decision, if it was. */
    Optional<String> startedOn = Optional.empty();

    ServiceWork(ServiceDefinition def, int index, DomainView domain, boolean migratable, ServiceEntry previous) {
        this.def = def;
        this.name = def.name();
        this.index = index;
        this.domain = domain;
        this.exclusive = def.exclusive();
        this.migratable = migratable;
        this.previous = previous;
        this.state = previous.state();
        this.owner = previous.owner();
        this.lastOwner = previous.lastOwner();
        this.frozen = previous.frozen();
        this.disabled = previous.disabled();
        this.held = previous.operatorStopped();
        this.restarts = new ArrayList<>(previous.restarts());
        this.failedStarts = new TreeSet<>(previous.failedStarts());
        this.reason = previous.reason();
    }

    String label() {
        return "service:" + name;
    }

    boolean wantsRunning() {
        return !disabled && !held;
    }

    ServiceEntry entry() {
        return new ServiceEntry(name, state, owner, lastOwner, frozen, disabled, held, restarts, failedStarts, reason);
    }
}
