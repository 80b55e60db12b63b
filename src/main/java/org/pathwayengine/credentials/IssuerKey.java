package org.pathwayengine.credentials;

/**
 * An entry of the trust registry: a key an issuer signs with. Keys of https and did:web issuers can only come from
 * here: nothing is looked up on the network.
 *
 * @param issuer             the issuer id credentials name
 * @param verificationMethod the key's id as proofs name it (e.g. {@code https://example.com/issuers/876543#key-1});
 *                           for a JWT, its {@code kid}
 * @param publicKeyMultibase an Ed25519 public key as multibase ({@code z6Mk...}), for Data Integrity proofs; or
 * @param publicKeyJwk       a public JWK (JSON), for credentials signed as JWTs (RS256 and the like)
 */
public record IssuerKey(String issuer, String verificationMethod, String publicKeyMultibase, String publicKeyJwk) {

    /** An Ed25519 key for Data Integrity proofs. */
    public IssuerKey(String issuer, String verificationMethod, String publicKeyMultibase) {
        this(issuer, verificationMethod, publicKeyMultibase, null);
    }

    /** A JWK for credentials signed as JWTs. */
    public static IssuerKey jwk(String issuer, String verificationMethod, String publicKeyJwk) {
        return new IssuerKey(issuer, verificationMethod, null, publicKeyJwk);
    }
}
