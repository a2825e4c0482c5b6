package org.vigil.membership;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.membership.JoinRefusal;
import org.vigil.api.membership.MembershipListener;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.messaging.ClusterMessaging;
import org.vigil.api.messaging.MessageHandler;

/**
 * Starts this node's membership when its settings ({@code etc/org.vigil.membership.cfg})
 * and a valid {@code cluster.conf} are present: the Hazelcast transport, then the
 * heartbeats; then registers {@link MembershipService} and {@link ClusterMessaging}.
 * Anything wrong (unknown node name, missing key, refused cluster.conf) is logged with
 * the reason and the node does not join.
 */
@Component(immediate = true, configurationPid = MembershipSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class MembershipComponent {

    private static final Logger LOG = LoggerFactory.getLogger(MembershipComponent.class);

    @Reference
    ClusterConfigStore configStore;

    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<MessageHandler, String> handlers = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile ClusterMessagingImpl messaging;
    private ExecutorService starter;
    private ExecutorService viewDispatcher;
    private volatile MembershipEngine engine;
    private volatile HazelcastTransport transport;
    private volatile ServiceRegistration<MembershipService> membershipRegistration;
    private volatile ServiceRegistration<ClusterMessaging> messagingRegistration;
    private ServiceRegistration<JoinRefusal> refusal;
    private volatile boolean active;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(MembershipListener listener) {
        listeners.add(listener);
    }

    void removeListener(MembershipListener listener) {
        listeners.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandler(MessageHandler handler, Map<String, Object> properties) {
        Object topic = properties.get(MessageHandler.TOPIC_PROPERTY);
        if (topic == null) {
            LOG.warn("A MessageHandler without the {} property is ignored", MessageHandler.TOPIC_PROPERTY);
            return;
        }
        handlers.put(handler, topic.toString());
        ClusterMessagingImpl m = messaging;
        if (m != null) {
            m.addHandler(topic.toString(), handler);
        }
    }

    void removeHandler(MessageHandler handler) {
        String topic = handlers.remove(handler);
        ClusterMessagingImpl m = messaging;
        if (topic != null && m != null) {
            m.removeHandler(topic, handler);
        }
    }

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        active = true;
        viewDispatcher = Executors.newSingleThreadExecutor(r -> new Thread(r, "vigil-view-listeners"));
        starter = Executors.newSingleThreadExecutor(r -> new Thread(r, "vigil-membership-start"));
        starter.execute(() -> start(context, properties));
    }

    private void start(BundleContext context, Map<String, Object> properties) {
        ClusterConfiguration cluster = configStore.current().orElse(null);
        if (cluster == null) {
            refuseToJoin(context, configStore.location() + " was refused: " + configStore.problems());
            return;
        }
        MembershipSettings settings;
        ClusterKey key;
        try {
            settings = MembershipSettings.from(properties, cluster);
            key = ClusterKey.load(settings.keyFile());
        } catch (IllegalStateException e) {
            refuseToJoin(context, e.getMessage());
            return;
        }
        try {
            // Heartbeats first: the view (and so quorum) forms while Hazelcast is still joining.
            MembershipEngine newEngine = new MembershipEngine(cluster, cluster.node(settings.nodeName()).orElseThrow(),
                settings.bind(), key, change -> viewDispatcher.execute(() -> dispatch(change)));
            newEngine.start();
            engine = newEngine;
            LocalMembership membership = new LocalMembership(newEngine);
            membership.setJoined(true);
            membershipRegistration = register(context, MembershipService.class, membership, cluster, settings);

            // The transport's listener may fire before messaging exists: it drops those few messages.
            HazelcastTransport newTransport = HazelcastTransport.start(cluster, settings, key,
                MembershipComponent.class.getClassLoader(), (data, from) -> {
                    ClusterMessagingImpl m = messaging;
                    if (m != null) {
                        m.onTransportMessage(data, from);
                    }
                });
            transport = newTransport;
            ClusterMessagingImpl newMessaging = new ClusterMessagingImpl(newEngine, new EnvelopeCodec(key), newTransport::publish);
            handlers.forEach((h, topic) -> newMessaging.addHandler(topic, h));
            messaging = newMessaging;
            if (!active) {
                stop();
                return;
            }
            messagingRegistration = register(context, ClusterMessaging.class, newMessaging, cluster, settings);
            LOG.info("Node {} joined cluster {} ({} transport members)", settings.nodeName(), cluster.name(),
                newTransport.memberCount());
        } catch (IOException | RuntimeException e) {
            stop();
            refuseToJoin(context, "cannot start membership on " + settings.bind() + ": " + e);
        }
    }

    private synchronized <S> ServiceRegistration<S> register(BundleContext context, Class<S> type, S service,
                                                             ClusterConfiguration cluster, MembershipSettings settings) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("vigil.cluster.name", cluster.name());
        props.put("vigil.node.name", settings.nodeName());
        return context.registerService(type, service, props);
    }

    private synchronized void refuseToJoin(BundleContext context, String reason) {
        LOG.error("Not joining the cluster: {}", reason);
        if (active) {
            refusal = context.registerService(JoinRefusal.class, () -> reason, null);
        }
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException ignored) {
                // already gone with the bundle
            }
        }
    }

    private void dispatch(MembershipEngine.ViewChange change) {
        ClusterMessagingImpl m = messaging;
        if (m != null) {
            m.viewChanged(change.current());
        }
        for (MembershipListener l : listeners) {
            try {
                l.viewChanged(change.previous(), change.current());
            } catch (RuntimeException e) {
                LOG.error("Membership listener {} failed on view {}", l, change.current().generation(), e);
            }
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        starter.shutdown();
        try {
            starter.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop();
        viewDispatcher.shutdownNow();
    }

    private synchronized void stop() {
        unregister(refusal);
        refusal = null;
        // membership first: what depends on it (the service manager moving services away before this node
        // leaves) still has messaging while it stops
        unregister(membershipRegistration);
        membershipRegistration = null;
        unregister(messagingRegistration);
        messagingRegistration = null;
        if (engine != null) {
            engine.close();
            engine = null;
        }
        if (messaging != null) {
            messaging.close();
            messaging = null;
        }
        if (transport != null) {
            transport.close();
            transport = null;
        }
    }
}
