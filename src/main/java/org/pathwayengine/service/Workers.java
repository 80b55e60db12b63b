package org.pathwayengine.service;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The service's background threads: one named daemon thread each, with the application's classloader. */
final class Workers {

    private Workers() {
    }

    /**
     * A single daemon thread that does not keep the JVM alive. It carries the application classloader: Drools,
     * Jackson and the schema validator find classes through the context classloader on some paths, and a thread
     * made here would otherwise have the system one.
     */
    static ScheduledExecutorService single(String name) {
        ClassLoader application = Workers.class.getClassLoader();
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.setContextClassLoader(application);
            return thread;
        });
    }
}
