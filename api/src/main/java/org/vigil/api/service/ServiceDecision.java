package org.vigil.api.service;

import java.time.Instant;

/**
 * One decision of the service manager's coordinator, as {@code svc:list --why} shows it.
 *
 * @param at      when it was decided
 * @param service the service it is about
 * @param action  what was decided: {@code start web on node2}, {@code stop web on node1},
 *                {@code mark web recovering}
 * @param reason  why, for people: "service:web relocated from node1 to node2: node1 fenced; domain
 *                web-domain order node1>node2>node3"
 * @since 1.1
 */
public record ServiceDecision(Instant at, String service, String action, String reason) {
}
