package org.pathwayengine.ruleset;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

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
}
