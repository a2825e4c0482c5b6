package org.vigil.service.policy;

import java.util.List;

/**
 * One scenario file: the input of a decision and what it must give.
 *
 * @param name             the file name
 * @param description      the leading comment lines
 * @param input            what the policy decides from
 * @param expectedActions  the action lines expected ({@code stop web on node1[: reason fragment]})
 * @param expectedTable    the table lines expected ({@code locked}, {@code web: started owner=node1 ...})
 * @param expectedWhy      service name and a fragment its table reason must contain
 * @param expectedRequests the request outcome lines expected ({@code relocate web node2 -> accepted[: fragment]})
 */
record Scenario(String name, String description, PolicyInput input, List<String> expectedActions,
                List<String> expectedTable, List<String[]> expectedWhy, List<String> expectedRequests) {
}
