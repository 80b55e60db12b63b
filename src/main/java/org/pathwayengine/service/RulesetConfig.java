package org.pathwayengine.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the rules live and how the service treats them.
 */
@ConfigMapping(prefix = "pathways.rules")
public interface RulesetConfig {

    /**
     * The rules directory (catalog, pathways, DRL policies and their scenarios), read at startup and on every
     * reload. Relative paths are resolved against the working directory; in Kubernetes, a mounted ConfigMap or
     * volume.
     */
    @WithDefault("rules")
    Path dir();

    /**
     * Where passes of the rules' scenarios are remembered, so that a restart on the same rule files, with the same
     * build of the service, on the same day, serves them without running the scenarios again (the verdict would
     * be the same). The directory is created closed to others, and not used if others may write to it; a ruleset
     * whose scenarios failed is never remembered. Unset, the scenarios run at every start. A reload to files that
     * passed earlier that day (a rollback to them, say) does not run them again either.
     */
    Optional<Path> passedScenarios();

    /** How the service notices a change in the rules directory while it runs. */
    Watch watch();

    /** Reloads asked for over HTTP. */
    Reload reload();

    /** {@code POST /api/v1/rulesets/reload}. */
    interface Reload {

        /**
         * How long the request waits for its attempt before answering 202 with where to ask for the outcome. Keep it
         * below {@code quarkus.http.idle-timeout}, which closes a connection that receives nothing for that long. A
         * caller may ask for less with {@code Prefer: wait=N} or {@code Prefer: respond-async}.
         */
        @WithDefault("20s")
        Duration answerWithin();
    }

    /** Watching the rules directory for changes. */
    interface Watch {

        /**
         * Whether the service polls the rules directory and reloads it when its content changes. When off, only
         * {@code POST /api/v1/rulesets/reload} (or a restart) brings a change in.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * How often the rules directory is read and hashed to see whether anything changed. Reading it is cheap
         * (the files, no compiling); a ConfigMap update reaches the pod's files a minute or so after it is applied
         * anyway.
         */
        @WithDefault("2s")
        Duration interval();

        /**
         * How long the content must stay the same after a change before it is reloaded, so that a burst of edits
         * (a checkout, an editor saving several files) is compiled once, as a whole.
         */
        @WithDefault("1s")
        Duration debounce();
    }
}
