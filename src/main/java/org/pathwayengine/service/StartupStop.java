package org.pathwayengine.service;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stop signal while the service is still starting ends the process at once. Quarkus would otherwise let the start
 * run to its end first (checking the rules and their scenarios can take a minute on a loaded machine), and an
 * orchestrator that stops a pod which never became ready should not have to wait for it. Nothing is half-written:
 * startup writes only through database migrations, which PostgreSQL rolls back when the connection drops.
 */
@ApplicationScoped
public class StartupStop {

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    /** Set once the service has started, or once its start has failed (which Quarkus ends with its own code). */
    private static volatile boolean settled;

    /** Called first thing by the slow part of startup; only a packaged or serve run, never a test JVM. */
    static void install() {
        if (LaunchMode.current() != LaunchMode.NORMAL || !INSTALLED.compareAndSet(false, true)) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!settled) {
                System.err.println("Stopped while starting: exiting without waiting for the start to finish");
                Runtime.getRuntime().halt(143);
            }
        }, "stop-during-startup"));
    }

    /** The start failed: Quarkus exits with its own code and message, which this must not replace. */
    static void failed() {
        settled = true;
    }

    // After every @Startup bean (default priority), so that the rules check is over when this runs.
    void started(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000) StartupEvent event) {
        settled = true;
    }
}
