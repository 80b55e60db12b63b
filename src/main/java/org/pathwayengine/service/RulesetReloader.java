package org.pathwayengine.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.pathwayengine.designer.RulesetCheck;
import org.pathwayengine.designer.ScenarioResult;
import org.pathwayengine.model.RuleProblem;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;
import org.pathwayengine.service.ReloadAttempt.Outcome;
import org.pathwayengine.service.ReloadAttempt.Trigger;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Brings a changed rules directory into service without hurting traffic: a candidate is compiled off the request
 * path, must pass its own scenarios and coverage, and only then replaces the served ruleset in one atomic swap;
 * otherwise it is reported (log, metric, last attempt) and the last good version keeps serving.
 */
@ApplicationScoped
public class RulesetReloader {

    private static final Logger LOG = Logger.getLogger(RulesetReloader.class);

    private final RulesetHolder holder;
    private final RulesetConfig config;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final MultiGauge serving;
    private final AtomicReference<ReloadAttempt> last = new AtomicReference<>();
    private final Object swap = new Object();
    private final Object queue = new Object();
    /** The operator's request that waits for the reload thread, which later requests join; null when none waits. */
    private Request queued;
    /** The latest operator requests by id, oldest first, so that a caller answered 202 can ask how it ended. */
    private final Map<String, Request> requests = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Request> eldest) {
            return size() > KEPT_REQUESTS;
        }
    };
    /** How many operator requests {@link #request} can still find. */
    public static final int KEPT_REQUESTS = 100;
    /*
     * One thread polls and reloads, for the watcher and for operators alike: two candidates are never compiled at
     * once (each holds a whole KieBase in memory) and attempts are recorded in the order they happened.
     */
    private final ScheduledExecutorService worker = Workers.single("ruleset-reload");

    // Used only on the worker thread: the content seen by the last poll and since when, and the last content an
    // attempt was made on, so that the watcher acts once per change.
    private String seen;
    private long seenSince;
    private String handled;

    public RulesetReloader(RulesetHolder holder, RulesetConfig config, MeterRegistry registry) {
        this.holder = holder;
        this.config = config;
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("pathways.ruleset.reloads")
                    .description("Attempts to reload the rules directory, by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        serving = MultiGauge.builder("pathways.ruleset.info")
                .description("The ruleset version being served (value 1, version in the label)")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        String version = holder.current().version();
        showServing(version);
        if (!config.watch().enabled()) {
            LOG.infof("Not watching %s: changes are brought in by POST /api/v1/rulesets/reload or a restart",
                    config.dir().toAbsolutePath());
            return;
        }
        worker.execute(() -> {
            seen = version;
            seenSince = System.nanoTime();
            handled = version;
        });
        long every = Math.max(1, config.watch().interval().toMillis());
        worker.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("Watching %s for changes every %d ms", config.dir().toAbsolutePath(), every);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
        // An operator's reload still queued would otherwise leave its request (and a caller polling it) waiting.
        synchronized (queue) {
            requests.values().forEach(r -> r.attempt.completeExceptionally(
                    new IllegalStateException("the service stopped before this reload was made")));
        }
    }

    /**
     * An operator's request to reload: its id, when it was made, whether the reload thread has taken it up, and the
     * attempt once it is over. Requests that arrive while one waits its turn are that same request.
     */
    public static final class Request {
        private final String id = java.util.UUID.randomUUID().toString();
        private final Instant requestedAt = Instant.now();
        private final CompletableFuture<ReloadAttempt> attempt = new CompletableFuture<>();
        private volatile boolean started;

        public String id() {
            return id;
        }

        public Instant requestedAt() {
            return requestedAt;
        }

        /** Completes with the attempt, or exceptionally when the service stopped (or failed) before making it. */
        public CompletableFuture<ReloadAttempt> attempt() {
            return attempt;
        }

        /** Whether the reload thread has begun this request's attempt (false while another reload runs). */
        public boolean started() {
            return started;
        }
    }

    /**
     * Reloads for an operator, after any reload under way. Requests that arrive while an attempt waits its turn
     * join it: a burst of requests costs one attempt, and nobody's thread is held while it runs.
     */
    public Request reload() {
        synchronized (queue) {
            if (queued != null) {
                return queued;
            }
            Request mine = new Request();
            queued = mine;
            requests.put(mine.id(), mine);
            try {
                worker.execute(() -> {
                    synchronized (queue) {
                        if (queued == mine) {
                            queued = null; // from here on, a new request waits for the next attempt
                        }
                    }
                    mine.started = true;
                    try {
                        mine.attempt.complete(attempt(Trigger.OPERATOR, RulesetLoader.fingerprint(config.dir())));
                    } catch (Throwable e) {
                        mine.attempt.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                queued = null;
                mine.attempt.completeExceptionally(new IllegalStateException("the service is stopping", e));
            }
            return mine;
        }
    }

    /** One of the latest {@value #KEPT_REQUESTS} operator requests by its id, if this service made it. */
    public java.util.Optional<Request> request(String id) {
        synchronized (queue) {
            return java.util.Optional.ofNullable(requests.get(id));
        }
    }

    /**
     * Runs work that compiles a candidate on the reload thread, after any reload under way: a second KieBase is
     * never built at the same time as another.
     */
    public <T> T onWorker(java.util.concurrent.Callable<T> work) {
        try {
            return worker.submit(work).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the reload thread", e);
        }
    }

    /** The ruleset being served and the last attempt, as one consistent pair. */
    public record Serving(Ruleset ruleset, ReloadAttempt lastAttempt) {
    }

    /**
     * What is served together with the attempt that brought it in: a swap and its record happen under the same
     * lock, so nobody sees a new version beside the attempt before it (or a SWAPPED attempt beside the old version).
     */
    public Serving serving() {
        synchronized (swap) {
            return new Serving(holder.require(), last.get());
        }
    }

    /** Reloads once the content has changed and then stayed the same for the debounce time. */
    private void poll() {
        try {
            String now = RulesetLoader.fingerprint(config.dir());
            if (!Objects.equals(now, seen)) {
                seen = now;
                seenSince = System.nanoTime();
                return;
            }
            if (Objects.equals(now, handled)
                    || System.nanoTime() - seenSince < config.watch().debounce().toNanos()) {
                return;
            }
            attempt(Trigger.WATCHER, now);
        } catch (Throwable e) {
            // Anything thrown here would cancel every later poll, and edits would silently stop going live.
            LOG.error("Watching the rules directory failed; the next poll tries again", e);
        }
    }

    /** One attempt on the directory whose content hashes to {@code fingerprint} (null when it cannot be read). */
    private ReloadAttempt attempt(Trigger trigger, String fingerprint) {
        long started = System.nanoTime();
        Path dir = config.dir();
        Ruleset before = holder.current();
        ReloadAttempt lastRejected = last.get() != null && last.get().outcome() == Outcome.REJECTED ? last.get() : null;
        Checked checked;
        if (fingerprint != null && fingerprint.equals(before.version())) {
            checked = new Checked(unchanged(trigger, started, before), null);
        } else if (fingerprint != null && lastRejected != null
                && fingerprint.equals(lastRejected.candidateVersion())) {
            // Same files, same engine, same fixed scenario date: checking again would find the same problems.
            checked = new Checked(rejected(trigger, started, fingerprint, before, lastRejected.errors(),
                    lastRejected.failedScenarios()), null);
        } else {
            checked = check(trigger, started, dir, before);
        }
        ReloadAttempt attempt = checked.attempt();
        synchronized (swap) {
            if (checked.candidate() != null) {
                holder.serve(checked.candidate());
            }
            last.set(attempt);
        }
        if (checked.candidate() != null) {
            showServing(checked.candidate().version());
        }
        handled = attempt.candidateVersion();
        outcomes.get(attempt.outcome()).increment();
        report(attempt);
        return attempt;
    }

    /** An attempt, and the candidate to serve when it passed. */
    private record Checked(ReloadAttempt attempt, Ruleset candidate) {
    }

    private Checked check(Trigger trigger, long started, Path dir, Ruleset before) {
        try {
            // Scenarios run on half the cores here, so that requests served meanwhile keep the rest.
            // Files whose scenarios passed earlier today on this build (a rollback to them, say) do not run them.
            RulesetCheck.Check check = RulesetCheck.check(dir,
                    Math.max(1, Runtime.getRuntime().availableProcessors() / 2), holder.passedScenarios());
            RulesetCheck.Verdict verdict = check.verdict();
            if (!verdict.passed()) {
                return new Checked(rejected(trigger, started, verdict.version(), before, verdict.errors(),
                        verdict.failed()), null);
            }
            Ruleset candidate = verdict.ruleset();
            if (candidate.version().equals(before.version())) {
                return new Checked(unchanged(trigger, started, before), null);
            }
            verdict.warnings().forEach(w -> LOG.warn(w.toString()));
            return new Checked(new ReloadAttempt(Instant.now(), trigger, Outcome.SWAPPED, candidate.version(),
                    candidate.version(), millisSince(started), "now serving " + candidate.version() + " (was "
                    + before.version() + ")" + (check.remembered() ? "; its scenarios passed earlier today on this"
                    + " build of the service, so they were not run again" : ""), List.of(), List.of()), candidate);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // A defect in checking, or a candidate too big to check, must never let an unchecked candidate in; the
            // candidate's memory is garbage once this returns, and the served ruleset never depended on it.
            LOG.error("Checking the changed rules failed", e);
            return new Checked(rejected(trigger, started, null, before, List.of(RuleProblem.error(dir.toString(), 0,
                    "the changed rules could not be checked: " + e)), List.of()), null);
        }
    }

    private static ReloadAttempt unchanged(Trigger trigger, long started, Ruleset serving) {
        return new ReloadAttempt(Instant.now(), trigger, Outcome.UNCHANGED, serving.version(), serving.version(),
                millisSince(started), "the files are those of the version being served, " + serving.version(),
                List.of(), List.of());
    }

    private static ReloadAttempt rejected(Trigger trigger, long started, String candidate, Ruleset serving,
                                          List<RuleProblem> errors, List<ScenarioResult> failed) {
        String message = RulesetCheck.count(errors, failed) + "; still serving " + serving.version();
        return new ReloadAttempt(Instant.now(), trigger, Outcome.REJECTED, candidate, serving.version(),
                millisSince(started), message, List.copyOf(errors), List.copyOf(failed));
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static void report(ReloadAttempt attempt) {
        if (attempt.outcome() != Outcome.REJECTED) {
            LOG.infof("Reload (%s): %s: %s", attempt.trigger(), attempt.outcome(), attempt.message());
            return;
        }
        LOG.warnf("Reload (%s): candidate %s REJECTED: %s%s", attempt.trigger(), attempt.candidateVersion(),
                attempt.message(), RulesetCheck.lines(attempt.errors(), attempt.failedScenarios()));
    }

    private void showServing(String version) {
        serving.register(List.of(MultiGauge.Row.of(Tags.of("version", version), 1)), true);
    }
}
