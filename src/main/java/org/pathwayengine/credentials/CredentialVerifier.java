package org.pathwayengine.credentials;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.rdf.api.RdfConsumerException;
import com.apicatalog.rdf.canon.RdfCanon;
import com.apicatalog.rdf.nquads.NQuadsWriter;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Verifies Open Badges 3.0 credentials (W3C Verifiable Credentials 2.0 and 1.1) with an embedded Data Integrity
 * proof, offline: {@code DataIntegrityProof} with the {@code eddsa-rdfc-2022} cryptosuite (and its earlier name
 * {@code eddsa-2022}), and {@code Ed25519Signature2020}. The credential and the proof's options are each turned
 * into RDF with the locally held JSON-LD contexts ({@link LocalContexts}), canonicalised (RDFC-1.0), hashed with
 * SHA-256 and the signature checked over both hashes with the JDK's Ed25519. The key is a did:key, decoded
 * locally, or an entry of the trust registry. A proof of a type this does not know is passed over when another
 * proof verifies. After the proof, the credential's status (revoked or suspended), then its validity dates at the
 * time asked; status lists come from the trust registry or, only where the {@link Lookup} given allows it, the
 * network. A credential given as a compact JWT (VC-JWT) is checked by {@link JwtCredentials}.
 *
 * <p>Thread-safe; one instance per trust registry.
 */
public final class CredentialVerifier {

    private static final List<String> EDDSA_SUITES = List.of("eddsa-rdfc-2022", "eddsa-2022");

    /** A canonicalisation that has not finished by then is abandoned (crafted graphs can make it explode). */
    private static final Duration CANONICALISATION_LIMIT = Duration.ofSeconds(2);

    /** Proof checks remembered, by the credential's SHA-256: a learner's credentials are verified at every evaluation. */
    private static final int REMEMBERED_PROOFS = 4096;

    private static final String TIMED_OUT = "the credential could not be canonicalised within ";

    private final Map<String, IssuerKey> registry;
    private final Map<String, JsonObject> statusLists;
    private final Lookup lookup;
    private final Map<String, Verification> proofs = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Verification> eldest) {
                    return size() > REMEMBERED_PROOFS;
                }
            });

    /** @param registry the keys of issuers that do not use did:key, by verification method id */
    public CredentialVerifier(List<IssuerKey> registry) {
        this(registry, Map.of());
    }

    /**
     * @param registry    the keys of issuers that do not use did:key, by verification method id
     * @param statusLists the status lists the registry holds (Bitstring status list credentials, 1EdTech revocation
     *                    lists), by the URL credentials name them by
     */
    public CredentialVerifier(List<IssuerKey> registry, Map<String, JsonObject> statusLists) {
        this(registry, statusLists, Lookup.NONE);
    }

    /** @param lookup where a status list the registry does not hold may be looked up (allow-listed, bounded) */
    public CredentialVerifier(List<IssuerKey> registry, Map<String, JsonObject> statusLists, Lookup lookup) {
        this.registry = registry.stream().collect(Collectors.toUnmodifiableMap(IssuerKey::verificationMethod,
                Function.identity(), (a, b) -> a));
        this.statusLists = Map.copyOf(statusLists);
        this.lookup = lookup;
    }

    /** A status list: the registry's copy, else what the look-up gives (null with the reason when neither has it). */
    Lookup.Result statusList(String url) {
        JsonObject held = statusLists.get(url);
        return held != null ? Lookup.Result.of(held) : lookup.document(url);
    }

    /** Verifies a credential given as text: JSON with an embedded proof, or a compact JWT (VC-JWT). */
    public Verification verify(String json, Instant at) {
        if (JwtCredentials.looksLikeJwt(json)) {
            return JwtCredentials.verify(json, registry, at, (credential, verified) -> {
                Verification status = StatusCheck.check(credential, verified, this, at);
                return status.verified() ? validity(credential, verified, at) : status;
            });
        }
        JsonObject credential;
        try {
            JsonValue value = Json.createReader(new StringReader(json)).readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                return Verification.unverified("the credential is not a JSON object", null, null);
            }
            credential = value.asJsonObject();
        } catch (JsonException e) {
            return Verification.unverified("the credential is not valid JSON", null, null);
        }
        return verify(credential, at);
    }

    /**
     * The credential a text holds, unverified, for reading what it claims: the JSON object, or a VC-JWT's
     * {@code vc} claim; empty when it is neither.
     */
    public static java.util.Optional<JsonObject> read(String text) {
        if (JwtCredentials.looksLikeJwt(text)) {
            return JwtCredentials.payload(text);
        }
        try {
            JsonValue value = Json.createReader(new StringReader(text)).readValue();
            return value.getValueType() == JsonValue.ValueType.OBJECT ? java.util.Optional.of(value.asJsonObject())
                    : java.util.Optional.empty();
        } catch (JsonException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Verifies a credential given as a JSON object: its proof, then its status (revoked or suspended on a status list
     * the registry holds), then its validity dates at the time asked.
     */
    public Verification verify(JsonObject credential, Instant at) {
        Verification signed = signed(credential);
        if (!signed.verified()) {
            return signed;
        }
        // Status before dates: an expired credential may still be counted by the rules (as expired), so whether
        // it was revoked must be known too.
        Verification status = StatusCheck.check(credential, signed, this, at);
        return status.verified() ? validity(credential, signed, at) : status;
    }

    /** The proof and validity dates only: how a status list credential itself is checked. */
    Verification proved(JsonObject credential, Instant at) {
        Verification signed = signed(credential);
        return signed.verified() ? validity(credential, signed, at) : signed;
    }

    /** The proof alone, remembered by the credential's digest. */
    private Verification signed(JsonObject credential) {
        String key = digest(credential.toString());
        Verification proof = proofs.get(key);
        if (proof == null) {
            proof = proof(credential);
            // A canonicalisation cut short by its time limit may finish on a quieter moment: not remembered.
            if (!proof.reason().startsWith(TIMED_OUT)) {
                proofs.put(key, proof);
            }
        }
        return proof;
    }

    private static String digest(String text) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private Verification proof(JsonObject credential) {
        String issuer = issuer(credential);
        if (!types(credential.get("type")).contains("VerifiableCredential")) {
            return Verification.unverified("type does not include VerifiableCredential", issuer, null);
        }
        if (issuer == null) {
            return Verification.unverified("issuer is missing: a credential must name who issued it", null, null);
        }
        JsonValue proofs = credential.get("proof");
        if (proofs == null) {
            return Verification.unverified("proof is missing: the credential is not signed", issuer, null);
        }
        List<JsonObject> candidates = new ArrayList<>();
        for (JsonValue p : proofs.getValueType() == JsonValue.ValueType.ARRAY ? proofs.asJsonArray()
                : List.of(proofs)) {
            if (p.getValueType() == JsonValue.ValueType.OBJECT && supported(p.asJsonObject())) {
                candidates.add(p.asJsonObject());
            }
        }
        if (candidates.isEmpty()) {
            return Verification.unverified("proof: no proof of a supported kind (DataIntegrityProof with"
                    + " eddsa-rdfc-2022, or Ed25519Signature2020)", issuer, null);
        }
        Verification failed = null;
        for (JsonObject proof : candidates) {
            Verification checked = checkProof(credential, proof, issuer);
            if (checked.verified()) {
                return checked;
            }
            if (failed == null) {
                failed = checked;
            }
        }
        return failed;
    }

    private static boolean supported(JsonObject proof) {
        String type = proof.getString("type", "");
        return type.equals("Ed25519Signature2020")
                || type.equals("DataIntegrityProof") && EDDSA_SUITES.contains(proof.getString("cryptosuite", ""));
    }

    private Verification checkProof(JsonObject credential, JsonObject proof, String issuer) {
        String method = text(proof.get("verificationMethod"));
        if (method == null) {
            return Verification.unverified("proof.verificationMethod is missing", issuer, null);
        }
        if (!"assertionMethod".equals(text(proof.get("proofPurpose")))) {
            return Verification.unverified("proof.proofPurpose must be assertionMethod, not "
                    + text(proof.get("proofPurpose")), issuer, method);
        }
        PublicKey key;
        boolean issuerKey;
        try {
            IssuerKey listed = registry.get(method);
            if (listed != null && listed.publicKeyMultibase() == null) {
                return Verification.unverified("proof.verificationMethod " + method + ": the trust registry lists"
                        + " this key as a JWK, which signs JWTs; a Data Integrity proof needs its publicKeyMultibase"
                        + " (Ed25519)", issuer, method);
            }
            if (listed != null) {
                key = Ed25519Keys.decode(listed.publicKeyMultibase());
                issuerKey = listed.issuer().equals(issuer);
            } else if (method.startsWith("did:key:")) {
                key = Ed25519Keys.decode(method);
                issuerKey = method.startsWith(issuer + "#") || method.equals(issuer);
            } else {
                return Verification.unverified("proof.verificationMethod " + method + ": its key cannot be had"
                        + " offline (not a did:key, and not in the trust registry)", issuer, method);
            }
        } catch (IllegalArgumentException e) {
            return Verification.unverified("proof.verificationMethod: " + e.getMessage(), issuer, method);
        }
        byte[] signature;
        try {
            signature = Ed25519Keys.signature(text(proof.get("proofValue")));
        } catch (IllegalArgumentException e) {
            return Verification.unverified("proof." + e.getMessage(), issuer, method);
        }
        JsonValue context = credential.get("@context");
        if (context == null) {
            return Verification.unverified("@context is missing", issuer, method);
        }
        for (JsonValue entry : context.getValueType() == JsonValue.ValueType.ARRAY ? context.asJsonArray()
                : List.of(context)) {
            String url = text(entry);
            if (url != null && !LocalContexts.holds(url)) {
                return Verification.unverified("@context " + url + " is not one this service holds a copy of"
                        + " (contexts are never fetched)", issuer, method);
            }
        }
        byte[] signed;
        try {
            JsonObject document = Json.createObjectBuilder(credential).remove("proof").build();
            JsonObject options = Json.createObjectBuilder(proof).remove("proofValue").add("@context", context)
                    .build();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] optionsHash = sha256.digest(canonical(options).getBytes(StandardCharsets.UTF_8));
            byte[] documentHash = sha256.digest(canonical(document).getBytes(StandardCharsets.UTF_8));
            signed = new byte[optionsHash.length + documentHash.length];
            System.arraycopy(optionsHash, 0, signed, 0, optionsHash.length);
            System.arraycopy(documentHash, 0, signed, optionsHash.length, documentHash.length);
        } catch (JsonLdError e) {
            Throwable cause = e.getCause() instanceof JsonLdError inner ? inner : e;
            return Verification.unverified("the credential cannot be read as JSON-LD: " + cause.getMessage(),
                    issuer, method);
        } catch (IllegalStateException e) {
            return Verification.unverified(TIMED_OUT + CANONICALISATION_LIMIT.toSeconds() + " s", issuer, method);
        } catch (RdfConsumerException | GeneralSecurityException e) {
            return Verification.unverified("the credential could not be canonicalised", issuer, method);
        }
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(signed);
            if (!ed25519.verify(signature)) {
                return Verification.unverified("proof.proofValue: the signature does not match the credential (it"
                        + " was changed after signing, or signed with another key)", issuer, method);
            }
        } catch (GeneralSecurityException e) {
            return Verification.unverified("proof.proofValue: not an Ed25519 signature", issuer, method);
        }
        return new Verification(Verification.Status.VERIFIED, issuerKey ? "signed with the issuer's key"
                : "signed with " + method + ", which is not shown to be the issuer's", issuer, method, issuerKey);
    }

    /** RDFC-1.0 canonical N-Quads of a JSON-LD document, with local contexts only and a time limit. */
    private static String canonical(JsonObject json) throws JsonLdError, RdfConsumerException {
        long deadline = System.nanoTime() + CANONICALISATION_LIMIT.toNanos();
        RdfCanon canon = RdfCanon.create("SHA-256", () -> {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("canonicalisation time limit");
            }
        });
        JsonLd.toRdf(JsonDocument.of(json)).loader(LocalContexts.INSTANCE).provide(canon);
        StringWriter out = new StringWriter();
        canon.provide(new NQuadsWriter(out));
        return out.toString();
    }

    /** A verified credential, checked against its validity dates (VC 2.0 and 1.1 names). */
    private static Verification validity(JsonObject credential, Verification verified, Instant at) {
        for (String field : List.of("validFrom", "issuanceDate", "validUntil", "expirationDate")) {
            String value = text(credential.get(field));
            if (value == null) {
                continue;
            }
            Instant when = instant(value);
            if (when == null) {
                return Verification.unverified(field + " '" + value + "' is not a date-time", verified.issuer(),
                        verified.verificationMethod());
            }
            boolean start = field.equals("validFrom") || field.equals("issuanceDate");
            if (start && when.isAfter(at)) {
                return new Verification(Verification.Status.NOT_YET_VALID, "not valid until " + value + " ("
                        + field + ")", verified.issuer(), verified.verificationMethod(), verified.issuerKey());
            }
            if (!start && when.isBefore(at)) {
                return new Verification(Verification.Status.EXPIRED, "expired on " + value + " (" + field + ")",
                        verified.issuer(), verified.verificationMethod(), verified.issuerKey());
            }
        }
        return verified;
    }

    static Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    static String issuer(JsonObject credential) {
        JsonValue issuer = credential.get("issuer");
        if (issuer == null) {
            return null;
        }
        if (issuer.getValueType() == JsonValue.ValueType.OBJECT) {
            return text(issuer.asJsonObject().get("id"));
        }
        return text(issuer);
    }

    private static List<String> types(JsonValue type) {
        if (type == null) {
            return List.of();
        }
        if (type.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArray array = type.asJsonArray();
            return array.stream().map(CredentialVerifier::text).filter(t -> t != null).toList();
        }
        String one = text(type);
        return one == null ? List.of() : List.of(one);
    }

    static String text(JsonValue value) {
        return value instanceof JsonString s ? s.getString() : null;
    }
}
