package org.pathwayengine.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.pathwayengine.credentials.Lookup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place verification may reach the network: status lists at allow-listed URL prefixes
 * ({@code pathways.credentials.lookup.allow}), each fetched with a timeout, at most 1 MiB, without following
 * redirects, and kept for a while (failures too, for less long), so that a slow or silent host costs one evaluation
 * a bounded wait and the next ones nothing. With no allow-list (the default) nothing is ever fetched.
 */
@ApplicationScoped
public class CredentialLookups implements Lookup {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CredentialLookups.class);
    static final int MAX_BYTES = 1024 * 1024;
    private static final int MAX_CACHED = 1000;

    private final List<String> allowed;
    private final List<URI> prefixes;
    private final Duration timeout;
    private final Duration keep;
    private final MeterRegistry meters;
    private final HttpClient client;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** Characters of documents kept at most (a list may be 1 MiB; a thousand of them would not fit a pod). */
    static final long MAX_CACHED_CHARS = 64L * 1024 * 1024;
    private final java.util.concurrent.atomic.AtomicLong cachedChars = new java.util.concurrent.atomic.AtomicLong();

    private record Cached(Result result, long until, long chars) {
    }

    public CredentialLookups(
            @ConfigProperty(name = "pathways.credentials.lookup.allow") Optional<List<String>> allowed,
            @ConfigProperty(name = "pathways.credentials.lookup.timeout", defaultValue = "2s") Duration timeout,
            @ConfigProperty(name = "pathways.credentials.lookup.keep", defaultValue = "10m") Duration keep,
            MeterRegistry meters) {
        this.allowed = allowed.orElse(List.of()).stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
        this.prefixes = this.allowed.stream().map(CredentialLookups::prefix).toList();
        this.timeout = timeout;
        this.keep = keep;
        this.meters = meters;
        this.client = this.allowed.isEmpty() ? null : HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        if (!this.allowed.isEmpty()) {
            LOG.infof("Status lists of verifiable credentials may be looked up under: %s", this.allowed);
        }
    }

    @Override
    public Result document(String url) {
        if (!allowed(url)) {
            return Result.refused(allowed.isEmpty() ? "no look-up is configured"
                    : "its URL is not under an allowed look-up prefix");
        }
        long now = System.nanoTime();
        Cached cached = cache.get(url);
        if (cached != null && cached.until - now > 0) {
            count("cached");
            return cached.result;
        }
        Result fetched = fetch(url);
        // A failure is kept for a tenth as long: a host that came back is used again soon, a dead one not hammered.
        long life = fetched.document() != null ? keep.toNanos() : Math.max(keep.toNanos() / 10, 1);
        long chars = fetched.document() == null ? 64 : fetched.document().toString().length();
        if (cache.size() >= MAX_CACHED || cachedChars.get() + chars > MAX_CACHED_CHARS) {
            cache.clear();
            cachedChars.set(0);
        }
        Cached before = cache.put(url, new Cached(fetched, System.nanoTime() + life, chars));
        cachedChars.addAndGet(chars - (before == null ? 0 : before.chars()));
        return fetched;
    }

    /** An allowed prefix as a URI: http or https, a host, no user part; its path is matched segment-wise. */
    private static URI prefix(String text) {
        URI uri;
        try {
            uri = new URI(text).normalize();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("pathways.credentials.lookup.allow: '" + text + "' is not a URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("pathways.credentials.lookup.allow: '" + text + "' must be an http(s)"
                    + " URL with a host and no user or query part");
        }
        return uri;
    }

    /**
     * Whether a URL is under an allowed prefix: same scheme, host and port, and a path that is the prefix's or
     * below it (a prefix {@code https://lists.example} does not admit {@code https://lists.example.evil.test}, nor
     * {@code /status} admit {@code /status-private}, nor {@code ..} climb out of it).
     */
    boolean allowed(String url) {
        URI uri;
        try {
            uri = new URI(url).normalize();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        // No query or fragment either: a status list has one URL, and varying a query would defeat the cache.
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawPath() == null || uri.getPath().contains("..") || uri.getRawPath().contains("..")) {
            return false;
        }
        for (URI p : prefixes) {
            String path = p.getRawPath() == null || p.getRawPath().isEmpty() ? "/" : p.getRawPath();
            if (p.getScheme().equalsIgnoreCase(uri.getScheme()) && p.getHost().equalsIgnoreCase(uri.getHost())
                    && port(p) == port(uri) && (uri.getRawPath().equals(path) || uri.getRawPath().startsWith(
                    path.endsWith("/") ? path : path + "/"))) {
                return true;
            }
        }
        return false;
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private Result fetch(String url) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Accept", "application/json, application/vc+ld+json, application/ld+json").GET().build();
        } catch (IllegalArgumentException e) {
            count("failed");
            return Result.refused("its URL is not a valid URL");
        }
        // The whole look-up, answer and body, within the timeout: a host that answers at once and then trickles
        // its body is cut off too (its stream closed), so an evaluation never waits longer.
        java.util.concurrent.atomic.AtomicReference<InputStream> open = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean late = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CompletableFuture<Result> pending = client.sendAsync(request,
                HttpResponse.BodyHandlers.ofInputStream()).thenApply(response -> {
                    open.set(response.body());
                    // An answer that comes after the look-up was given up is closed unread: no thread waits on it.
                    if (late.get()) {
                        close(response.body());
                        return Result.refused("answered too late");
                    }
                    return read(response);
                });
        try {
            return pending.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            late.set(true);
            pending.cancel(true);
            close(open.get());
            count("timeout");
            return Result.refused("looking it up took longer than " + timeout.toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            count("failed");
            return Result.refused("looking it up failed (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.refused("looking it up was interrupted");
        }
    }

    private Result read(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                count("failed");
                return Result.refused("looking it up answered HTTP " + response.statusCode());
            }
            byte[] bytes = readAtMost(body);
            if (bytes == null) {
                count("failed");
                return Result.refused("looking it up gave more than " + MAX_BYTES + " bytes");
            }
            JsonValue value = Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))
                    .readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                count("failed");
                return Result.refused("looking it up gave JSON that is not an object");
            }
            count("fetched");
            return Result.of((JsonObject) value);
        } catch (IOException | JsonException e) {
            count("failed");
            return Result.refused("looking it up failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void close(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // Closing is only to stop a trickle; nothing to do if it fails.
            }
        }
    }

    private static byte[] readAtMost(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BYTES) {
                return null;
            }
        }
        return out.toByteArray();
    }

    private void count(String outcome) {
        meters.counter("pathways.credential.lookups", "outcome", outcome).increment();
    }
}
