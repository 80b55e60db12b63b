package org.pathwayengine.credentials;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1EdTech's own Open Badges 3.0 test credentials (src/test/resources/open-badges-3, with their README and
 * LICENSE) get the outcome their names promise, verified offline: keys from did:key or the trust registry,
 * contexts from the local copies.
 */
class CredentialVerifierTest {

    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");
    private static final String EXAMPLE_COM = "https://example.com/issuers/876543";
    private static final String KEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";
    private static final String KEY_2020 = "z6MknNHHrBzPytzu6CUBP9Lg7fg4KSBjzimc2Frh693YbMiv";
    private static final String KEY_OTHER = "z6MkrvfzkMnvCroEUP2DVc9SHPE48CRsvHiVSusHioxTYu1x";

    /** The trust registry of these tests: the example issuers' keys under the method ids their credentials name. */
    private static final CredentialVerifier VERIFIER = new CredentialVerifier(List.of(
            new IssuerKey(EXAMPLE_COM, EXAMPLE_COM + "#" + KEY, KEY),
            new IssuerKey(EXAMPLE_COM, EXAMPLE_COM + "#" + KEY_2020, KEY_2020),
            new IssuerKey(EXAMPLE_COM, EXAMPLE_COM + "#" + KEY_OTHER, KEY_OTHER),
            new IssuerKey("https://example.edu/issuers/565049", "https://example.edu/issuers/565049#" + KEY, KEY)));

    private static String fixture(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/open-badges-3/ob30", name));
    }

    private static Verification verify(String name) throws IOException {
        return VERIFIER.verify(fixture(name), AT);
    }

    @Test
    void signed_credentials_verify_with_the_issuers_registered_key() throws IOException {
        for (String name : List.of("simple.json", "simple_v1.json", "simple-eddsa-2022.json",
                "simple-multiple-proofs.json")) {
            Verification v = verify(name);
            assertThat(v.status()).as(name + ": " + v.reason()).isEqualTo(Verification.Status.VERIFIED);
            assertThat(v.issuerKey()).as(name).isTrue();
            assertThat(v.issuer()).isEqualTo(EXAMPLE_COM);
        }
    }

    @Test
    void a_did_key_verifies_offline_but_is_not_taken_for_another_issuers_key() throws IOException {
        Verification v = verify("simple-did-key-method.json");
        assertThat(v.status()).as(v.reason()).isEqualTo(Verification.Status.VERIFIED);
        assertThat(v.verificationMethod()).startsWith("did:key:z6Mk");
        // The issuer is a urn:uuid: the did:key proves who signed, not that the issuer did.
        assertThat(v.issuerKey()).isFalse();
        assertThat(v.reason()).contains("not shown to be the issuer's");
    }

    @Test
    void each_defect_gets_the_outcome_its_name_promises() throws IOException {
        assertThat(verify("simple-err-proof-value.json")).satisfies(v -> {
            assertThat(v.status()).isEqualTo(Verification.Status.UNVERIFIED);
            assertThat(v.reason()).startsWith("proof.proofValue");
        });
        assertThat(verify("simple-err-expired.json")).satisfies(v -> {
            assertThat(v.status()).isEqualTo(Verification.Status.EXPIRED);
            assertThat(v.reason()).contains("2010-01-01T00:00:00Z");
        });
        assertThat(verify("simple-err-issued.json")).satisfies(v -> {
            assertThat(v.status()).isEqualTo(Verification.Status.NOT_YET_VALID);
            assertThat(v.reason()).contains("2040-01-01");
        });
        assertThat(verify("simple-noproof.json").reason()).startsWith("proof is missing");
        assertThat(verify("simple-err-issuer.json").status()).isEqualTo(Verification.Status.UNVERIFIED);
        assertThat(verify("simple-err-type.json").status()).isEqualTo(Verification.Status.UNVERIFIED);
        assertThat(verify("simple-err-proof-method-unknown-scheme.json").status())
                .isEqualTo(Verification.Status.UNVERIFIED);
    }

    @Test
    void a_single_changed_character_anywhere_turns_a_credential_unverified() throws IOException {
        String simple = fixture("simple.json");
        assertThat(VERIFIER.verify(simple, AT).verified()).isTrue();
        int proofAt = simple.indexOf("\"proof\"");
        int checked = 0;
        // Every letter before the proof, in turn, swapped for another: the signature covers all of it.
        for (int i = 0; i < proofAt; i += 7) {
            char c = simple.charAt(i);
            if (!Character.isLetter(c)) {
                continue;
            }
            String tampered = simple.substring(0, i) + (c == 'x' ? 'y' : 'x') + simple.substring(i + 1);
            Verification v = VERIFIER.verify(tampered, AT);
            assertThat(v.verified()).as("changed at %d: %s", i, v.reason()).isFalse();
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
    }

    @Test
    void a_key_that_cannot_be_had_offline_or_a_context_not_held_is_a_reason_not_a_hang() throws IOException {
        CredentialVerifier empty = new CredentialVerifier(List.of());
        Verification noKey = empty.verify(fixture("simple.json"), AT);
        assertThat(noKey.status()).isEqualTo(Verification.Status.UNVERIFIED);
        assertThat(noKey.reason()).contains("cannot be had offline");

        String otherContext = fixture("simple-did-key-method.json")
                .replace("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json", "https://example.org/ctx.json");
        Verification unknown = VERIFIER.verify(otherContext, AT);
        assertThat(unknown.status()).isEqualTo(Verification.Status.UNVERIFIED);
        assertThat(unknown.reason()).contains("https://example.org/ctx.json", "never fetched");
    }

    @Test
    void what_is_not_a_credential_is_said_so() {
        assertThat(VERIFIER.verify("not json", AT).reason()).isEqualTo("the credential is not valid JSON");
        assertThat(VERIFIER.verify("[1]", AT).reason()).isEqualTo("the credential is not a JSON object");
        assertThat(VERIFIER.verify("{}", AT).reason()).contains("VerifiableCredential");
    }
    private static jakarta.json.JsonObject withStatus(TestIssuer issuer, String list, int index, String purpose) {
        jakarta.json.JsonObject badge = issuer.badge("urn:uuid:status-" + index, "https://a.test/achievement",
                "A badge", "2025-01-01T00:00:00Z");
        return issuer.sign(jakarta.json.Json.createObjectBuilder(badge).add("credentialStatus",
                jakarta.json.Json.createObjectBuilder().add("type", "BitstringStatusListEntry")
                        .add("statusPurpose", purpose).add("statusListIndex", String.valueOf(index))
                        .add("statusListCredential", list)).build());
    }

    @Test
    void a_status_list_counts_only_signed_with_its_issuers_key_and_for_its_own_purpose() {
        TestIssuer issuer = TestIssuer.https("https://badges.a.test/issuer", "status-a");
        String url = "https://badges.a.test/status/1";
        IssuerKey key = new IssuerKey(issuer.id(), issuer.verificationMethod(), issuer.publicKeyMultibase());
        CredentialVerifier verifier = new CredentialVerifier(List.of(key), java.util.Map.of(url,
                issuer.statusList(url, 5)));
        assertThat(verifier.verify(withStatus(issuer, url, 5, "revocation"), AT).status())
                .isEqualTo(Verification.Status.REVOKED);
        // The entry calls the list a suspension list; the list says it revokes: the entry is not believed.
        Verification disagreeing = verifier.verify(withStatus(issuer, url, 5, "suspension"), AT);
        assertThat(disagreeing.status()).isEqualTo(Verification.Status.UNVERIFIED);
        assertThat(disagreeing.reason()).contains("statusPurpose 'suspension' is not the status list's purpose");

        // The registry lists the signing key for someone else: the list is not shown to be the issuer's.
        CredentialVerifier misfiled = new CredentialVerifier(List.of(new IssuerKey("https://someone-else.test",
                issuer.verificationMethod(), issuer.publicKeyMultibase())), java.util.Map.of(url,
                issuer.statusList(url, 5)));
        Verification unproven = misfiled.verify(withStatus(issuer, url, 6, "revocation"), AT);
        assertThat(unproven.status()).isEqualTo(Verification.Status.UNVERIFIED);
        assertThat(unproven.reason()).contains("not shown to be its issuer's key");
    }

    @Test
    void a_registry_key_given_only_as_a_jwk_is_named_as_the_reason_a_proof_cannot_be_checked() {
        TestIssuer issuer = TestIssuer.https("https://badges.b.test/issuer", "jwk-only");
        CredentialVerifier verifier = new CredentialVerifier(List.of(new IssuerKey(issuer.id(),
                issuer.verificationMethod(), null, "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}")));
        Verification v = verifier.verify(issuer.sign(issuer.badge("urn:uuid:jwk", "https://a.test/a", "A",
                "2025-01-01T00:00:00Z")), AT);
        assertThat(v.status()).isEqualTo(Verification.Status.UNVERIFIED);
        assertThat(v.reason()).contains("lists this key as a JWK", "publicKeyMultibase");
    }
}
