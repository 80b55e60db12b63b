package org.pathwayengine.credentials;

import jakarta.json.JsonObject;

/**
 * Documents a verifier may look up when the trust registry does not hold them: status lists. The service's
 * implementation fetches only allow-listed URLs, bounded by a timeout and cached; without one configured, nothing is
 * looked up at all.
 */
public interface Lookup {

    /** Looks nothing up. */
    Lookup NONE = url -> Result.refused("no look-up is configured");

    /** The document at this URL, or why it cannot be had; never blocks beyond the implementation's timeout. */
    Result document(String url);

    /** A document, or the reason there is none. */
    record Result(JsonObject document, String reason) {
        public static Result of(JsonObject document) {
            return new Result(document, null);
        }

        public static Result refused(String reason) {
            return new Result(null, reason);
        }
    }
}
