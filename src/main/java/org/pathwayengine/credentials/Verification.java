package org.pathwayengine.credentials;

/**
 * What verifying one credential found.
 *
 * @param status             VERIFIED: a supported proof checks with a key that could be had offline, and the
 *                           credential is valid at the time asked; UNVERIFIED: no such proof (the reason says why);
 *                           EXPIRED / NOT_YET_VALID: the proof checks, but the credential is outside its validity
 * @param reason             in words, for the answer; names the field or value at fault
 * @param issuer             the credential's issuer id, when it names one
 * @param verificationMethod the key the proof names, when there is a proof
 * @param issuerKey          whether that key is the issuer's own: listed for the issuer in the trust registry, or a
 *                           did:key that is the issuer's id. A did:key that is not proves only that its holder
 *                           signed, not who the issuer is.
 */
public record Verification(Status status, String reason, String issuer, String verificationMethod,
                           boolean issuerKey) {

    /** Whether the credential may count: its proof checks and it is valid at the time asked. */
    public boolean verified() {
        return status == Status.VERIFIED;
    }

    /**
     * VERIFIED: proof, status and dates check; UNVERIFIED: they could not be checked or did not (the reason says
     * which); EXPIRED / NOT_YET_VALID: outside its validity dates; REVOKED / SUSPENDED: so marked on its issuer's
     * status list.
     */
    public enum Status { VERIFIED, UNVERIFIED, EXPIRED, NOT_YET_VALID, REVOKED, SUSPENDED }

    static Verification unverified(String reason, String issuer, String method) {
        return new Verification(Status.UNVERIFIED, reason, issuer, method, false);
    }
}
