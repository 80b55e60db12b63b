package org.pathwayengine.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * How verifiable credentials (Open Badges 3.0, CLR 2.0) are taken in, as a registry writes it in {@code rules/}: the
 * trust registry (issuers, their keys, whether they are trusted for credit), the status lists held for them, which
 * achievements map onto which catalog credential, and what happens to a credential that does not verify.
 *
 * @param unverified  {@code exclude} (the default): a credential that does not verify does not count, with the
 *                    reason in the answer; {@code pending-review}: it counts, and every outcome it decides is marked
 *                    as pending a registrar's review; {@code accept}: it counts (pilots only), still reported
 * @param issuers     the trust registry
 * @param mappings    achievement to catalog credential, tried in order
 * @param statusLists copies of issuers' status lists, by the URL credentials name them by
 */
public record CredentialIntake(String kind, String owner, String source, String unverified,
                               List<TrustedIssuer> issuers, List<Mapping> mappings, List<StatusList> statusLists) {

    public static final String EXCLUDE = "exclude";
    public static final String PENDING_REVIEW = "pending-review";
    public static final String ACCEPT = "accept";

    /** What applies when the rules have no CredentialIntake file: nothing is trusted or mapped, nothing unverified counts. */
    public static final CredentialIntake NONE = new CredentialIntake("CredentialIntake", null, null, EXCLUDE, null,
            null, null);

    public CredentialIntake {
        unverified = unverified == null ? EXCLUDE : unverified;
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
        statusLists = statusLists == null ? List.of() : List.copyOf(statusLists);
    }

    /**
     * An issuer of the trust registry.
     *
     * @param id               the issuer id its credentials name (an https URL or a DID)
     * @param catalogIssuer    the catalog issuer it is, when it is one: its credentials must then map onto that
     *                         issuer's catalog credentials
     * @param trustedForCredit whether credit its credentials carry counts; when not, they count without credit
     * @param keys             the keys it signs with
     */
    public record TrustedIssuer(String id, String name, String catalogIssuer, boolean trustedForCredit,
                                List<Key> keys) {
        public TrustedIssuer {
            keys = keys == null ? List.of() : List.copyOf(keys);
        }
    }

    /**
     * A key an issuer signs with: an Ed25519 key for Data Integrity proofs, or a public JWK for VC-JWTs.
     *
     * @param id the verification method id proofs name, or a JWT's {@code kid}
     */
    public record Key(String id, String publicKeyMultibase, JsonNode publicKeyJwk) {
    }

    /**
     * Which catalog credential an achievement is: by the achievement's {@code id}, by an {@code alignment[]
     * .targetUrl} (a CTDL credential, say), or by {@code humanCode} from a named issuer.
     *
     * @param issuer when given, only credentials from this issuer id map; when not, credentials from any issuer of
     *               the trust registry (never from an unlisted one, such as a did:key anyone can make)
     */
    public record Mapping(String code, String achievement, String alignment, String issuer, String humanCode) {

        /** What the mapping matches, in words. */
        public String describe() {
            String what = achievement != null ? "achievement " + achievement
                    : alignment != null ? "alignment " + alignment : "humanCode " + humanCode;
            return issuer == null ? what : what + " from " + issuer;
        }
    }

    /** A copy of a status list (a Bitstring status list credential, or a 1EdTech revocation list). */
    public record StatusList(String url, JsonNode document) {
    }
}
