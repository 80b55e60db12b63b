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

    /**
     * What is wrong with a key as a registry writes it, in words, or null when it can be used: a multibase that is
     * not an Ed25519 public key, a JWK that does not parse, is not RSA or EC, or holds a private key.
     */
    public static String problem(String publicKeyMultibase, String publicKeyJwk) {
        if ((publicKeyMultibase == null) == (publicKeyJwk == null)) {
            return "give either publicKeyMultibase (Ed25519) or publicKeyJwk (RSA or EC), one of them";
        }
        if (publicKeyMultibase != null) {
            try {
                Ed25519Keys.decode(publicKeyMultibase);
                return null;
            } catch (IllegalArgumentException e) {
                return "publicKeyMultibase: " + e.getMessage();
            }
        }
        try {
            com.nimbusds.jose.jwk.JWK jwk = com.nimbusds.jose.jwk.JWK.parse(publicKeyJwk);
            if (jwk.isPrivate()) {
                return "publicKeyJwk holds a private key: list only the public part (a private key in the rules is"
                        + " a leak; revoke it)";
            }
            if (!(jwk instanceof com.nimbusds.jose.jwk.RSAKey) && !(jwk instanceof com.nimbusds.jose.jwk.ECKey)) {
                return "publicKeyJwk: only RSA and EC keys sign VC-JWTs here, not " + jwk.getKeyType();
            }
            return null;
        } catch (java.text.ParseException e) {
            return "publicKeyJwk is not a JWK: " + e.getMessage();
        }
    }
}
