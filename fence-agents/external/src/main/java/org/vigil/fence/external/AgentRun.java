package org.vigil.fence.external;

import java.time.Duration;

/**
 * What one run of an agent process gave.
 *
 * @param exitCode its exit code (-1 when it was killed at the deadline)
 * @param stdout   what it printed on stdout (cut at {@link AgentProcess#MAX_OUTPUT})
 * @param stderr   what it printed on stderr (cut likewise)
 * @param timedOut whether it was killed because the deadline passed
 * @param killed   how many processes (the agent and its descendants) were killed
 * @param took     how long it ran
 */
record AgentRun(int exitCode, String stdout, String stderr, boolean timedOut, int killed, Duration took) {
}
