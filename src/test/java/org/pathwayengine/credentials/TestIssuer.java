package org.pathwayengine.credentials;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.multibase.Multibase;
import com.apicatalog.rdf.canon.RdfCanon;
import com.apicatalog.rdf.nquads.NQuadsWriter;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * An issuer made in a test: an Ed25519 key pair that signs Open Badges credentials with a Data Integrity proof
 * ({@code eddsa-rdfc-2022}), as a badge platform would, so that tests can have credentials from a registry-listed
 * https issuer or a did:key issuer, changed or unchanged, and status lists of their own.
 */
public final class TestIssuer {

    private static final byte[] ED25519_MULTICODEC = {(byte) 0xed, 0x01};

    private final KeyPair keys;
    private final String id;
    private final String verificationMethod;

    /**
     * An issuer with this id whose key is listed under {@code id#key-1}; the same seed gives the same key, so that a
     * test's rules (written before the service starts) and the test itself agree on it.
     */
    public static TestIssuer https(String id, String seed) {
        return new TestIssuer(id, seed);
    }

    /** An issuer whose id is its own did:key, made from this seed. */
    public static TestIssuer didKey(String seed) {
        return new TestIssuer(null, seed);
    }

    private TestIssuer(String id, String seed) {
        try {
            java.security.SecureRandom random = java.security.SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed.getBytes(StandardCharsets.UTF_8));
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(java.security.spec.NamedParameterSpec.ED25519, random);
            keys = generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        String multibase = publicKeyMultibase();
        this.id = id != null ? id : "did:key:" + multibase;
        this.verificationMethod = id != null ? id + "#key-1" : "did:key:" + multibase + "#" + multibase;
    }

    public String id() {
        return id;
    }

    public String verificationMethod() {
        return verificationMethod;
    }

    /** The public key as multibase ({@code z6Mk...}), as the trust registry lists it. */
    public String publicKeyMultibase() {
        byte[] spki = keys.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        byte[] prefixed = new byte[34];
        System.arraycopy(ED25519_MULTICODEC, 0, prefixed, 0, 2);
        System.arraycopy(raw, 0, prefixed, 2, 32);
        return Multibase.BASE_58_BTC.encode(prefixed);
    }

    /** An Open Badges 3.0 credential from this issuer for one achievement, unsigned. */
    public JsonObject badge(String credentialId, String achievementId, String achievementName, String validFrom) {
        return Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2")
                        .add("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"))
                .add("id", credentialId)
                .add("type", Json.createArrayBuilder().add("VerifiableCredential").add("OpenBadgeCredential"))
                .add("issuer", Json.createObjectBuilder().add("id", id).add("type", Json.createArrayBuilder()
                        .add("Profile")).add("name", "Test issuer"))
                .add("validFrom", validFrom)
                .add("name", achievementName)
                .add("credentialSubject", Json.createObjectBuilder()
                        .add("id", "did:example:learner-1")
                        .add("type", Json.createArrayBuilder().add("AchievementSubject"))
                        .add("achievement", Json.createObjectBuilder()
                                .add("id", achievementId)
                                .add("type", Json.createArrayBuilder().add("Achievement"))
                                .add("name", achievementName)
                                .add("description", "A test achievement.")
                                .add("criteria", Json.createObjectBuilder().add("narrative", "Passed."))))
                .build();
    }

    /** The credential signed: a Data Integrity proof (eddsa-rdfc-2022) by this issuer's key. */
    public JsonObject sign(JsonObject credential) {
        try {
            JsonObject options = Json.createObjectBuilder()
                    .add("type", "DataIntegrityProof")
                    .add("cryptosuite", "eddsa-rdfc-2022")
                    .add("created", "2025-01-01T00:00:00Z")
                    .add("verificationMethod", verificationMethod)
                    .add("proofPurpose", "assertionMethod")
                    .build();
            JsonObject withContext = Json.createObjectBuilder(options).add("@context", credential.get("@context"))
                    .build();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] optionsHash = sha256.digest(canonical(withContext).getBytes(StandardCharsets.UTF_8));
            byte[] documentHash = sha256.digest(canonical(credential).getBytes(StandardCharsets.UTF_8));
            byte[] signed = new byte[64];
            System.arraycopy(optionsHash, 0, signed, 0, 32);
            System.arraycopy(documentHash, 0, signed, 32, 32);
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(keys.getPrivate());
            ed25519.update(signed);
            JsonObject proof = Json.createObjectBuilder(options)
                    .add("proofValue", Multibase.BASE_58_BTC.encode(ed25519.sign())).build();
            return Json.createObjectBuilder(credential).add("proof", Json.createArrayBuilder().add(proof)).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A Bitstring status list credential from this issuer, signed, with these entries set (revoked), of 131,072
     * entries as the specification's smallest list.
     */
    public JsonObject statusList(String url, int... revoked) {
        byte[] bits = new byte[16384];
        for (int i : revoked) {
            bits[i / 8] |= (byte) (1 << (7 - i % 8));
        }
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(bits);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        String encoded = "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(zipped.toByteArray());
        return sign(Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
                .add("id", url)
                .add("type", Json.createArrayBuilder().add("VerifiableCredential").add("BitstringStatusListCredential"))
                .add("issuer", id)
                .add("validFrom", "2025-01-01T00:00:00Z")
                .add("credentialSubject", Json.createObjectBuilder().add("id", url + "#list")
                        .add("type", "BitstringStatusList").add("statusPurpose", "revocation")
                        .add("encodedList", encoded))
                .build());
    }

    private static String canonical(JsonObject json) throws Exception {
        RdfCanon canon = RdfCanon.create("SHA-256");
        JsonLd.toRdf(JsonDocument.of(json)).loader(LocalContexts.INSTANCE).provide(canon);
        StringWriter out = new StringWriter();
        canon.provide(new NQuadsWriter(out));
        return out.toString();
    }
}
