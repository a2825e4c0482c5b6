package org.vigil.quorum;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.config.QuorumDiskSettings;
import org.vigil.api.membership.ClusterNode;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.quorum.QuorumDeviceVote;

/**
 * One node's side of the quorum disk, as RHCS qdiskd: each {@link #tick()} (one interval)
 * reads every node's slot, writes this node's heartbeat, and decides whether the disk gives its
 * votes to this node's partition.
 *
 * <ul>
 * <li>A node is live on the disk once its counter has been seen to advance, and dead after it
 *     has not advanced for {@code tko} reads. After starting (or after this node itself was
 *     stalled for more than tko intervals) a node watches the disk for tko reads before it
 *     claims anything or votes.</li>
 * <li>Master: a node starts to claim mastership in its slot when it sees no live claimant and
 *     no live node with a lower id; it keeps claiming while it sees no live claimant with a lower
 *     id. The master is the lowest live claimant; a new master counts only once it has been
 *     seen in two reads in a row.</li>
 * <li>Vote: granted only when this node writes and reads the disk, and the master's slot lists
 *     this node in the master's view (and this node's view holds the master). Of two partitions
 *     that both reach the disk, only the master's gets the votes.</li>
 * </ul>
 */
final class QuorumDiskEngine {

    private static final Logger LOG = LoggerFactory.getLogger(QuorumDiskEngine.class);

    private final QuorumDiskSettings settings;
    private final int localId;
    private final Map<Integer, String> names;
    private final int maxNodeId;
    private final DiskIo.Opener opener;
    private final LongSupplier monotonicMillis;
    private final LongSupplier wallMillis;
    private final Supplier<MembershipView> view;
    private final long incarnation;
    private final long intervalMillis;
    private final int tko;

    private final Map<Integer, Peer> peers = new HashMap<>();
    private DiskIo io;
    private long counter;
    private long lastWritten = -1;
    private boolean claiming;
    private int reads;
    private long lastTickAt = Long.MIN_VALUE;
    private int master;
    private int masterReads;
    private volatile Outcome outcome;

    /** What the last tick decided. */
    private record Outcome(boolean granted, String reason, long at) {
    }

    /** What this node knows of another node's slot. */
    private static final class Peer {
        long incarnation;
        long counter;
        int misses;
        boolean live;
        boolean claims;
        Set<Integer> view = Set.of();
    }

    /**
     * @param settings        the {@code <quorumd>} settings
     * @param localId         this node's id (its slot)
     * @param names           node names by id, for reasons
     * @param maxNodeId       the highest configured node id (the file holds a slot for each)
     * @param opener          opens the disk (again after a failure)
     * @param monotonicMillis a monotonic clock, ms
     * @param wallMillis      the wall clock, ms since the epoch (written for people)
     * @param view            this node's current membership view
     * @param incarnation     a number that differs each time this node starts
     */
    QuorumDiskEngine(QuorumDiskSettings settings, int localId, Map<Integer, String> names, int maxNodeId,
                     DiskIo.Opener opener, LongSupplier monotonicMillis, LongSupplier wallMillis,
                     Supplier<MembershipView> view, long incarnation) {
        this.settings = settings;
        this.localId = localId;
        this.names = Map.copyOf(names);
        this.maxNodeId = Math.max(maxNodeId, localId);
        this.opener = opener;
        this.monotonicMillis = monotonicMillis;
        this.wallMillis = wallMillis;
        this.view = view;
        this.incarnation = incarnation;
        this.intervalMillis = Math.max(1, settings.interval().toMillis());
        this.tko = Math.max(2, settings.tko());
        this.outcome = new Outcome(false, watchingReason(), Long.MIN_VALUE);
    }

    /** @return tko × interval: silence longer than this means dead */
    long deadlineMillis() {
        return tko * intervalMillis;
    }

    /**
     * The disk's vote for this node's partition, from the last tick; withheld when no tick has
     * completed for more than tko intervals.
     *
     * @return the vote
     */
    QuorumDeviceVote currentVote() {
        Outcome o = outcome;
        if (o.at() != Long.MIN_VALUE && monotonicMillis.getAsLong() - o.at() > deadlineMillis()) {
            return new QuorumDeviceVote(false, "no heartbeat written to " + settings.device() + " for more than "
                + deadlineMillis() + " ms");
        }
        return new QuorumDeviceVote(o.granted(), o.reason());
    }

    /** @return the master as this node sees it, 0 when none */
    synchronized int master() {
        return master;
    }

    /** @return whether this node claims mastership in its slot */
    synchronized boolean claiming() {
        return claiming;
    }

    /** @return the node ids this node sees live on the disk, itself included when it writes */
    synchronized Set<Integer> liveNodes() {
        Set<Integer> live = new TreeSet<>();
        peers.forEach((id, p) -> {
            if (p.live) {
                live.add(id);
            }
        });
        if (lastWritten > 0) {
            live.add(localId);
        }
        return Collections.unmodifiableSet(live);
    }

    /** One interval: read all slots, decide on mastership, write this node's slot, decide the vote. */
    synchronized void tick() {
        long now = monotonicMillis.getAsLong();
        if (lastTickAt != Long.MIN_VALUE && now - lastTickAt > deadlineMillis()) {
            LOG.warn("Quorum disk {}: this node did not run for {} ms (tko x interval is {} ms); watching the disk afresh",
                settings.device(), now - lastTickAt, deadlineMillis());
            peers.clear();
            reads = 0;
            claiming = false;
            master = 0;
            masterReads = 0;
        }
        lastTickAt = now;

        String trouble = null;
        Map<Integer, DiskFormat.Slot> slots = null;
        try {
            openIfNeeded();
            slots = readSlots();
        } catch (DiskException e) {
            trouble = e.getMessage();
        } catch (IOException e) {
            trouble = "cannot read " + settings.device() + ": " + describe(e);
            closeQuietly();
        }
        boolean selfOk = false;
        if (slots != null) {
            observe(slots);
            reads = Math.min(reads + 1, tko);
            DiskFormat.Slot own = slots.get(localId);
            selfOk = own != null && own.incarnation() == incarnation && own.counter() == lastWritten;
            if (lastWritten > 0 && !selfOk) {
                trouble = own != null && own.incarnation() != incarnation
                    ? "another process writes the slot of node " + localId + " on " + settings.device()
                    : "this node's last heartbeat did not read back from " + settings.device();
            }
        }
        boolean watching = reads < tko;
        claiming = slots != null && !watching && selfOk && decideClaim();

        MembershipView v = view.get();
        List<Integer> members = v.members().stream().map(ClusterNode::id).toList();
        if (io != null) {
            DiskFormat.Slot mine = new DiskFormat.Slot(localId, incarnation, counter + 1, wallMillis.getAsLong(),
                claiming, v.generation(), members);
            try {
                io.write(DiskFormat.slotOffset(localId), mine.encode());
                counter++;
                lastWritten = counter;
            } catch (IOException e) {
                trouble = "cannot write " + settings.device() + ": " + describe(e);
                lastWritten = -1;
                claiming = false;
                closeQuietly();
            }
        } else {
            lastWritten = -1;
        }

        int newMaster = electedMaster();
        if (newMaster != master) {
            if (newMaster != 0) {
                LOG.info("Quorum disk {}: master is {}", settings.device(), name(newMaster));
            }
            master = newMaster;
            masterReads = 1;
        } else {
            masterReads = Math.min(masterReads + 1, 2);
        }

        Outcome previous = outcome;
        Outcome next = decideVote(trouble, watching, selfOk, members, now);
        outcome = next;
        if (next.granted() != previous.granted() || !next.reason().equals(previous.reason())) {
            if (next.granted()) {
                LOG.info("Quorum disk {}: votes granted: {}", settings.device(), next.reason());
            } else {
                LOG.info("Quorum disk {}: votes withheld: {}", settings.device(), next.reason());
            }
        }
    }

    private Outcome decideVote(String trouble, boolean watching, boolean selfOk, List<Integer> members, long now) {
        if (trouble != null) {
            return new Outcome(false, trouble, now);
        }
        if (watching) {
            return new Outcome(false, watchingReason(), now);
        }
        if (!selfOk) {
            return new Outcome(false, "this node's heartbeat is not on " + settings.device() + " yet", now);
        }
        if (master == 0) {
            return new Outcome(false, "no master on the disk yet", now);
        }
        if (masterReads < 2) {
            return new Outcome(false, "master " + name(master) + " is new; waiting one more interval", now);
        }
        if (master == localId) {
            return new Outcome(true, "this node is the master", now);
        }
        Peer m = peers.get(master);
        if (!m.view.contains(localId)) {
            return new Outcome(false, "master " + name(master) + " does not list this node: another partition holds the disk",
                now);
        }
        if (!members.contains(master)) {
            return new Outcome(false, "master " + name(master) + " is not in this node's membership view", now);
        }
        return new Outcome(true, "master " + name(master) + " lists this node", now);
    }

    private String watchingReason() {
        return "watching " + settings.device() + " for " + tko + " intervals before voting";
    }

    private boolean decideClaim() {
        boolean lowerLive = false;
        boolean lowerClaimant = false;
        boolean anyClaimant = false;
        for (Map.Entry<Integer, Peer> e : peers.entrySet()) {
            Peer p = e.getValue();
            if (!p.live) {
                continue;
            }
            boolean lower = e.getKey() < localId;
            lowerLive |= lower;
            anyClaimant |= p.claims;
            lowerClaimant |= lower && p.claims;
        }
        if (claiming) {
            return !lowerClaimant;
        }
        boolean claim = !anyClaimant && !lowerLive;
        if (claim) {
            LOG.info("Quorum disk {}: {} claims mastership", settings.device(), name(localId));
        }
        return claim;
    }

    private int electedMaster() {
        int m = claiming && lastWritten > 0 ? localId : Integer.MAX_VALUE;
        for (Map.Entry<Integer, Peer> e : peers.entrySet()) {
            if (e.getValue().live && e.getValue().claims && e.getKey() < m) {
                m = e.getKey();
            }
        }
        return m == Integer.MAX_VALUE ? 0 : m;
    }

    private void observe(Map<Integer, DiskFormat.Slot> slots) {
        for (int id = 1; id <= maxNodeId; id++) {
            if (id == localId) {
                continue;
            }
            DiskFormat.Slot s = slots.get(id);
            Peer p = peers.get(id);
            if (s == null) {
                if (p != null) {
                    miss(p);
                }
                continue;
            }
            if (p == null) {
                // First sight: the slot may be long dead, so it is not live until it advances.
                p = new Peer();
                peers.put(id, p);
            } else if (s.incarnation() != p.incarnation || s.counter() != p.counter) {
                p.live = true;
                p.misses = 0;
            } else {
                miss(p);
            }
            p.incarnation = s.incarnation();
            p.counter = s.counter();
            p.claims = s.claimsMaster();
            p.view = Set.copyOf(s.view());
        }
    }

    private void miss(Peer p) {
        p.misses++;
        if (p.misses >= tko) {
            p.live = false;
        }
    }

    private void openIfNeeded() throws IOException, DiskException {
        if (io != null) {
            return;
        }
        DiskIo opened;
        try {
            opened = opener.open();
        } catch (IOException e) {
            throw new DiskException("cannot open " + settings.device() + ": " + describe(e));
        }
        try {
            ByteBuffer head = ByteBuffer.allocate(DiskFormat.BLOCK);
            opened.read(0, head);
            head.flip();
            DiskFormat.Header h = DiskFormat.decodeHeader(head);
            String label = DiskFormat.storedLabel(settings.label());
            if (h instanceof DiskFormat.Blank) {
                opened.write(0, DiskFormat.encodeHeader(settings.label()));
                LOG.info("Quorum disk {}: initialized with label '{}'", settings.device(), label);
            } else if (h instanceof DiskFormat.Foreign f) {
                throw new DiskException("refusing " + settings.device() + ": " + f.what());
            } else if (h instanceof DiskFormat.Ours o && !o.label().equals(label)) {
                throw new DiskException("refusing " + settings.device() + ": its label is '" + o.label()
                    + "', the configuration says '" + label + "'");
            }
            long size = DiskFormat.fileSize(maxNodeId);
            if (opened.size() < size) {
                // One byte in the spare last block sizes the file without touching any slot.
                opened.write(size - 1, ByteBuffer.allocate(1));
            }
        } catch (IOException | DiskException e) {
            try {
                opened.close();
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            if (e instanceof DiskException d) {
                throw d;
            }
            throw new DiskException("cannot initialize " + settings.device() + ": " + describe((IOException) e));
        }
        io = opened;
    }

    private Map<Integer, DiskFormat.Slot> readSlots() throws IOException {
        ByteBuffer all = ByteBuffer.allocate((int) DiskFormat.fileSize(maxNodeId));
        io.read(0, all);
        all.flip();
        Map<Integer, DiskFormat.Slot> slots = new HashMap<>();
        for (int id = 1; id <= maxNodeId; id++) {
            int at = (int) DiskFormat.slotOffset(id);
            if (all.limit() < at + DiskFormat.BLOCK) {
                break;
            }
            Optional<DiskFormat.Slot> s = DiskFormat.Slot.decode(all.slice(at, DiskFormat.BLOCK), id);
            int node = id;
            s.ifPresent(slot -> slots.put(node, slot));
        }
        return slots;
    }

    /** Closes the disk; the next tick opens it again. */
    synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (io != null) {
            try {
                io.close();
            } catch (IOException ignored) {
                // nothing more to do with a disk that failed
            }
            io = null;
        }
    }

    private String name(int id) {
        String n = names.get(id);
        return n == null ? "node " + id : n + "(" + id + ")";
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** A disk that cannot be used, with the reason for people. */
    private static final class DiskException extends Exception {
        private static final long serialVersionUID = 1L;

        DiskException(String message) {
            super(message);
        }
    }
}
