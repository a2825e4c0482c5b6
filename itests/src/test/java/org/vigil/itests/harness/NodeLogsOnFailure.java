package org.vigil.itests.harness;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * JUnit 5 extension for cluster tests: when a test or a {@code @BeforeAll}/{@code @BeforeEach}
 * /{@code @AfterEach} method fails, prints the tail of every node's karaf.log (of every open
 * {@link ClusterHarness}) and has the harness keep the logs when it closes. Use it with
 * {@code @ExtendWith(NodeLogsOnFailure.class)} on the test class.
 */
public final class NodeLogsOnFailure implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        report(context, throwable);
        throw throwable;
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        report(context, throwable);
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        report(context, throwable);
        throw throwable;
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        report(context, throwable);
        throw throwable;
    }

    private static void report(ExtensionContext context, Throwable throwable) {
        String what = context.getRequiredTestClass().getSimpleName()
            + context.getTestMethod().map(m -> "." + m.getName()).orElse("") + " (" + throwable + ")";
        for (ClusterHarness h : ClusterHarness.open()) {
            h.reportFailure(what, System.err);
        }
    }
}
