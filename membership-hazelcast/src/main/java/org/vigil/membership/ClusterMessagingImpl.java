package org.vigil.membership;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.messaging.ClusterMessage;
import org.vigil.api.messaging.ClusterMessaging;
import org.vigil.api.messaging.MessageHandler;
import org.vigil.api.messaging.NodeUnreachableException;
import org.vigil.api.messaging.RemoteFailureException;

/**
 * Cluster messaging over the transport: every message carries an HMAC under the cluster
 * key, a sender incarnation and a sequence number; a receiver drops what is not addressed
 * to it, refuses (and logs, with the publishing address) what is not authentic, replayed,
 * or from a process that is not a configured node's current one.
 */
final class ClusterMessagingImpl implements ClusterMessaging, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMessagingImpl.class);

    private final MembershipEngine engine;
    private final EnvelopeCodec codec;
    private final Consumer<byte[]> publisher;
    private final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, ReplayWindow> replay = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong correlation = new AtomicLong();
    private final ExecutorService handlerThreads = Executors.newFixedThreadPool(2, r -> daemon(r, "vigil-message-handler"));
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vigil-message-timeouts"));

    private record Pending(String node, CompletableFuture<byte[]> reply) {
    }

    ClusterMessagingImpl(MembershipEngine engine, EnvelopeCodec codec, Consumer<byte[]> publisher) {
        this.engine = engine;
        this.codec = codec;
        this.publisher = publisher;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void addHandler(String topic, MessageHandler handler) {
        MessageHandler previous = handlers.putIfAbsent(topic, handler);
        if (previous != null && previous != handler) {
            LOG.warn("Two message handlers for topic '{}': keeping the first", topic);
        }
    }

    void removeHandler(String topic, MessageHandler handler) {
        handlers.remove(topic, handler);
    }

    @Override
    public void send(String node, String topic, byte[] payload) throws NodeUnreachableException {
        requireMember(node);
        publish(Envelope.Kind.ONE_WAY, node, topic, 0, payload);
    }

    @Override
    public void broadcast(String topic, byte[] payload) {
        publish(Envelope.Kind.ONE_WAY, "", topic, 0, payload);
    }

    @Override
    public CompletableFuture<byte[]> request(String node, String topic, byte[] payload, Duration timeout) {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        try {
            requireMember(node);
        } catch (NodeUnreachableException e) {
            reply.completeExceptionally(e);
            return reply;
        }
        long id = correlation.incrementAndGet();
        pending.put(id, new Pending(node, reply));
        timeouts.schedule(() -> {
            Pending p = pending.remove(id);
            if (p != null) {
                p.reply().completeExceptionally(new TimeoutException("no reply from " + node + " on '" + topic + "' within " + timeout.toMillis() + " ms"));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        publish(Envelope.Kind.REQUEST, node, topic, id, payload);
        return reply;
    }

    /** Fails at once the requests waiting on nodes that left the view: their replies cannot come. */
    void viewChanged(MembershipView current) {
        pending.entrySet().removeIf(entry -> {
            if (current.contains(entry.getValue().node())) {
                return false;
            }
            entry.getValue().reply().completeExceptionally(new NodeUnreachableException(
                "node '" + entry.getValue().node() + "' left the cluster (view " + current.generation() + ")"));
            return true;
        });
    }

    private void requireMember(String node) throws NodeUnreachableException {
        if (!engine.currentView().contains(node)) {
            throw new NodeUnreachableException("node '" + node + "' is not a member of view "
                + engine.currentView().generation() + " " + engine.currentView().members());
        }
    }

    private void publish(Envelope.Kind kind, String to, String topic, long correlationId, byte[] payload) {
        Envelope e = new Envelope(kind, engine.localNode().name(), to, topic, engine.incarnation(),
            sequence.incrementAndGet(), correlationId, payload == null ? new byte[0] : payload);
        publisher.accept(codec.encode(e));
    }

    /** Called by the transport for every message published in the cluster. */
    void onTransportMessage(byte[] data, String publisherAddress) {
        Envelope e;
        try {
            e = codec.decode(data);
        } catch (RefusedException ex) {
            LOG.warn("Refused message from {}: {}", publisherAddress, ex.getMessage());
            return;
        }
        String local = engine.localNode().name();
        if (!e.to().isEmpty() && !e.to().equals(local)) {
            return;
        }
        Optional<Long> incarnation = engine.incarnationOf(e.from());
        if (incarnation.isEmpty() || incarnation.get() != e.incarnation()) {
            LOG.warn("Refused message from {}: sender '{}' is not the current process of a configured node", publisherAddress, e.from());
            return;
        }
        if (!replay.computeIfAbsent(e.from(), k -> new ReplayWindow()).accept(e.incarnation(), e.sequence())) {
            LOG.warn("Refused message from {}: replayed message {} of '{}'", publisherAddress, e.sequence(), e.from());
            return;
        }
        switch (e.kind()) {
            case REPLY -> complete(e.correlation(), f -> f.complete(e.payload()));
            case FAILURE -> complete(e.correlation(), f -> f.completeExceptionally(
                new RemoteFailureException(new String(e.payload(), StandardCharsets.UTF_8))));
            case ONE_WAY, REQUEST -> handlerThreads.execute(() -> handle(e));
        }
    }

    private void complete(long id, Consumer<CompletableFuture<byte[]>> action) {
        Pending p = pending.remove(id);
        if (p != null) {
            action.accept(p.reply());
        }
    }

    private void handle(Envelope e) {
        boolean request = e.kind() == Envelope.Kind.REQUEST;
        MessageHandler handler = handlers.get(e.topic());
        if (handler == null) {
            if (request) {
                publish(Envelope.Kind.FAILURE, e.from(), e.topic(), e.correlation(),
                    ("node " + engine.localNode().name() + " has no handler for topic '" + e.topic() + "'").getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        try {
            byte[] reply = handler.onMessage(new ClusterMessage(e.from(), e.topic(), e.payload(), request));
            if (request) {
                publish(Envelope.Kind.REPLY, e.from(), e.topic(), e.correlation(), reply);
            }
        } catch (Exception ex) {
            LOG.warn("Handler for topic '{}' failed on a message from {}: {}", e.topic(), e.from(), ex.toString());
            if (request) {
                publish(Envelope.Kind.FAILURE, e.from(), e.topic(), e.correlation(),
                    (ex.getMessage() == null ? ex.toString() : ex.getMessage()).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Override
    public void close() {
        handlerThreads.shutdownNow();
        timeouts.shutdownNow();
        pending.values().forEach(p -> p.reply().completeExceptionally(new NodeUnreachableException("messaging stopped")));
        pending.clear();
    }
}
