package org.pathwayengine.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What a reload caller's {@code Prefer} header makes the service wait, and what it reports as applied. */
class PreferencesTest {

    private static final Duration MOST = Duration.ofSeconds(20);

    @Test
    void without_preferences_the_service_waits_its_own_time_and_applies_nothing() {
        for (String header : new String[]{null, "", "  ", "return=minimal", "handling=lenient"}) {
            Preferences p = Preferences.parse(header);
            assertThat(p.waitWithin(MOST)).as(header).isEqualTo(MOST);
            assertThat(p.applied(true, MOST)).as(header).isNull();
        }
    }

    @Test
    void respond_async_alone_means_not_waiting_at_all() {
        Preferences p = Preferences.parse("respond-async");
        assertThat(p.waitWithin(MOST)).isZero();
        assertThat(p.applied(true, MOST)).isEqualTo("respond-async");
        assertThat(p.applied(false, MOST)).isNull();
        assertThat(Preferences.parse("Respond-Async; foo=bar").waitWithin(MOST)).isZero();
    }

    @Test
    void wait_is_honoured_up_to_the_services_own_wait_even_beside_respond_async() {
        assertThat(Preferences.parse("wait=5").waitWithin(MOST)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Preferences.parse("respond-async, wait=5").waitWithin(MOST)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Preferences.parse("wait=\"7\"").waitWithin(MOST)).isEqualTo(Duration.ofSeconds(7));
        assertThat(Preferences.parse("wait=600").waitWithin(MOST)).isEqualTo(MOST);
        assertThat(Preferences.parse("wait=600").applied(false, MOST)).isNull();
        assertThat(Preferences.parse("respond-async, wait=5").applied(true, MOST)).isEqualTo("respond-async, wait=5");
    }

    @Test
    void an_unreadable_wait_is_ignored_as_RFC_7240_asks_not_refused() {
        for (String header : new String[]{"wait=-1", "wait=soon", "wait=", "wait", "wait=99999999999999",
                "wait=1.5"}) {
            assertThat(Preferences.parse(header).waitWithin(MOST)).as(header).isEqualTo(MOST);
        }
    }
}
