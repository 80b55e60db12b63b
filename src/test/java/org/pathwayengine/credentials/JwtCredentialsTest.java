package org.pathwayengine.credentials;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials signed as JWTs: 1EdTech's (one names no key, one embeds its own) and ones signed here with a key
 * the trust registry lists, changed, mis-claimed, expired, or signed with a shared secret.
 */
class JwtCredentialsTest {

    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");
    private static final String ISSUER = "https://registry.example.ac.uk/issuers/1";

    private static String fixture(String path) throws Exception {
        return Files.readString(Path.of("src/test/resources/open-badges-3", path));
    }

    private static Map<String, Object> credential(String issuer, String validFrom) {
        return Map.of("@context", List.of("https://www.w3.org/2018/credentials/v1"),
                "id", "urn:uuid:2f1c",
                "type", List.of("VerifiableCredential", "OpenBadgeCredential"),
                "issuer", Map.of("id", issuer, "type", "Profile"),
                "issuanceDate", validFrom,
                "name", "Machine Learning Foundations",
                "credentialSubject", Map.of("id", "did:example:learner-7"));
    }

    private static String signed(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder claims(String issuer) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject("did:example:learner-7").jwtID("urn:uuid:2f1c")
                .notBeforeTime(Date.from(Instant.parse("2025-06-01T00:00:00Z")))
                .claim("vc", credential(issuer, "2025-06-01T00:00:00Z"));
    }

    @Test
    void jwts_of_the_fixtures_say_whose_key_signed_them() throws Exception {
        CredentialVerifier none = new CredentialVerifier(List.of());
        Verification noKey = none.verify(fixture("ob30/simple.jwt"), AT);
        assertThat(noKey.status()).isEqualTo(Verification.Status.UNVERIFIED);
        assertThat(noKey.reason()).contains("names no key", "https://example.edu/issuers/565049");

        // Its header carries its own key: the signature checks, but proves only that the key's holder signed.
        Verification embedded = none.verify(fixture("clr20/simple.jwt"), AT);
        assertThat(embedded.status()).as(embedded.reason()).isEqualTo(Verification.Status.VERIFIED);
        assertThat(embedded.issuerKey()).isFalse();
    }

    @Test
    void a_key_embedded_in_the_header_is_the_issuers_only_when_the_registry_lists_it() throws Exception {
        String jwk = SignedJWT.parse(fixture("clr20/simple.jwt").strip()).getHeader().getJWK().toJSONString();
        CredentialVerifier verifier = new CredentialVerifier(List.of(
                IssuerKey.jwk("https://example.edu/issuers/565049", "https://example.edu/issuers/565049#rsa", jwk)));
        Verification clr = verifier.verify(fixture("clr20/simple.jwt"), AT);
        assertThat(clr.status()).as(clr.reason()).isEqualTo(Verification.Status.VERIFIED);
        assertThat(clr.issuerKey()).isTrue();
        // The other fixture claims the same issuer but was signed with another key.
        assertThat(verifier.verify(fixture("ob30/simple.jwt"), AT).reason()).contains("signature does not match");
    }

    @Test
    void a_jwt_signed_with_a_registered_key_verifies_and_any_change_does_not() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID(ISSUER + "#key-1").generate();
        CredentialVerifier verifier = new CredentialVerifier(List.of(
                IssuerKey.jwk(ISSUER, key.getKeyID(), key.toPublicJWK().toJSONString())));
        String jwt = signed(key, claims(ISSUER).build());
        Verification ok = verifier.verify(jwt, AT);
        assertThat(ok.status()).as(ok.reason()).isEqualTo(Verification.Status.VERIFIED);
        assertThat(ok.issuerKey()).isTrue();

        // The payload re-encoded with another name, the signature kept.
        String[] parts = jwt.split("\\.");
        String payload = new String(new Base64URL(parts[1]).decode(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("Machine Learning Foundations", "Machine Learning Mastery");
        String tampered = parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];
        assertThat(verifier.verify(tampered, AT).reason()).contains("signature does not match");

        // Signed properly, but the JWT's issuer is not the credential's.
        String misclaimed = signed(key, claims(ISSUER).issuer("https://other.example/issuer").build());
        assertThat(verifier.verify(misclaimed, AT).reason()).contains("iss https://other.example/issuer");

        String expired = signed(key, claims(ISSUER).expirationTime(Date.from(Instant.parse("2026-01-01T00:00:00Z")))
                .build());
        assertThat(verifier.verify(expired, AT).status()).isEqualTo(Verification.Status.EXPIRED);

        // Another key, not registered, signing as the issuer: no key of the issuer's matches.
        RSAKey forger = new RSAKeyGenerator(2048).keyID(ISSUER + "#key-1").generate();
        assertThat(verifier.verify(signed(forger, claims(ISSUER).build()), AT).verified()).isFalse();
    }

    @Test
    void a_shared_secret_or_no_signature_is_refused() throws Exception {
        CredentialVerifier verifier = new CredentialVerifier(List.of());
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(ISSUER).build());
        hmac.sign(new MACSigner(new byte[32]));
        assertThat(verifier.verify(hmac.serialize(), AT).reason()).contains("alg HS256 is not accepted");
        String unsigned = Base64URL.encode("{\"alg\":\"none\"}") + "." + Base64URL.encode("{\"iss\":\"x\"}") + ".";
        assertThat(verifier.verify(unsigned, AT).verified()).isFalse();
        assertThat(verifier.verify("a.b.c", AT).status()).isEqualTo(Verification.Status.UNVERIFIED);
    }
}
