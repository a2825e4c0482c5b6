package org.vigil.service.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * What one node carries while a decision is being made: services settled there, and services
 * running there that are not placed yet (assumed to stay), with counts of exclusive ones.
 */
final class NodeLoad {

    final List<ServiceWork> settled = new ArrayList<>();
    final List<ServiceWork> tentative = new ArrayList<>();
    int settledExclusive;
    int tentativeExclusive;

    void settle(ServiceWork w) {
        settled.add(w);
        if (w.exclusive) {
            settledExclusive++;
        }
    }

    void assume(ServiceWork w) {
        tentative.add(w);
        if (w.exclusive) {
            tentativeExclusive++;
        }
    }

    void unassume(ServiceWork w) {
        if (tentative.remove(w) && w.exclusive) {
            tentativeExclusive--;
        }
    }

    int size() {
        return settled.size() + tentative.size();
    }
}
