package org.pathwayengine.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which URLs the allow-list admits: only what its prefixes say, read as URLs, not as strings. */
class CredentialLookupsTest {

    private static CredentialLookups allowing(String... prefixes) {
        return new CredentialLookups(Optional.of(List.of(prefixes)), Duration.ofSeconds(2), Duration.ofMinutes(10),
                new SimpleMeterRegistry());
    }

    @Test
    void a_prefix_admits_its_own_host_port_and_path_and_nothing_that_merely_starts_with_it() {
        CredentialLookups lookups = allowing("https://lists.example/status/", "http://127.0.0.1:8089/l");
        assertThat(List.of("https://lists.example/status/1", "https://LISTS.example/status/a/b",
                "https://lists.example:443/status/1", "http://127.0.0.1:8089/l", "http://127.0.0.1:8089/l/2"))
                .allSatisfy(url -> assertThat(lookups.allowed(url)).as(url).isTrue());
        assertThat(List.of("https://lists.example.evil.test/status/1", "https://lists.example/statusX",
                "https://lists.example/status/../admin", "https://lists.example/status/%2e%2e/admin",
                "https://user@lists.example/status/1", "http://lists.example/status/1",
                "https://lists.example:8443/status/1", "http://127.0.0.1:8089/lx", "ftp://lists.example/status/1",
                "not a url", "/status/1", "https://lists.example/status/1?bust=1",
                "https://lists.example/status/1#frag"))
                .allSatisfy(url -> assertThat(lookups.allowed(url)).as(url).isFalse());
        assertThat(lookups.document("https://lists.example.evil.test/status/1").reason())
                .isEqualTo("its URL is not under an allowed look-up prefix");
    }

    @Test
    void without_an_allow_list_nothing_is_looked_up_and_a_bad_prefix_stops_the_start() {
        CredentialLookups none = new CredentialLookups(Optional.empty(), Duration.ofSeconds(2),
                Duration.ofMinutes(10), new SimpleMeterRegistry());
        assertThat(none.document("https://lists.example/status/1").reason()).isEqualTo("no look-up is configured");
        assertThatThrownBy(() -> allowing("file:///etc/")).hasMessageContaining("must be an http(s) URL");
        assertThatThrownBy(() -> allowing("https://u:p@lists.example/")).hasMessageContaining("no user");
    }
}
