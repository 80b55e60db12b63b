package org.pathwayengine.credentials;

/**
 * An entry of the trust registry: a key an issuer signs with, under the verification method id its credentials
 * name (e.g. {@code https://example.com/issuers/876543#key-1}), as a multibase Ed25519 public key ({@code z6Mk...}).
 * Keys of https and did:web issuers can only come from here: nothing is looked up on the network.
 */
public record IssuerKey(String issuer, String verificationMethod, String publicKeyMultibase) {
}
