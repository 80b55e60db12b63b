package org.pathwayengine.credentials;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Whether a verified credential has been revoked or suspended, from the status lists the trust registry holds: W3C
 * Bitstring Status Lists ({@code BitstringStatusListEntry}, and {@code StatusList2021Entry}, its earlier name) and
 * 1EdTech revocation lists ({@code 1EdTechRevocationList}), held by the trust registry or, where the service allows
 * it, looked up. A list that cannot be had makes the credential unverified, with the list and the reason named,
 * because its revocation cannot be ruled out. A Bitstring list must itself verify, signed with its issuer's key by
 * the credential's issuer, and its own statusPurpose decides what a set bit means. A 1EdTech revocation list is
 * not signed: it is believed because the operator put it in the trust registry or allowed its URL, and it can only
 * take credentials away.
 */
final class StatusCheck {

    /** A decoded bitstring larger than this (16 MiB, 134 million entries) is refused rather than inflated. */
    private static final int MAX_BITSTRING_BYTES = 16 * 1024 * 1024;

    /** Status entries one credential may name (each may cost a look-up and a proof check). */
    static final int MAX_ENTRIES = 4;

    private StatusCheck() {
    }

    /**
     * @param credential the credential, whose proof has been checked
     * @param verified   what the proof check found
     * @param verifier   holds the status lists and checks the proof of a Bitstring status list credential
     */
    static Verification check(JsonObject credential, Verification verified, CredentialVerifier verifier,
                              Instant at) {
        JsonValue status = credential.get("credentialStatus");
        if (status == null) {
            return verified;
        }
        List<JsonValue> entries = status.getValueType() == JsonValue.ValueType.ARRAY ? status.asJsonArray()
                : List.of(status);
        if (entries.size() > MAX_ENTRIES) {
            return unverified(verified, "credentialStatus has " + entries.size() + " entries; more than "
                    + MAX_ENTRIES + " are not checked");
        }
        for (JsonValue entry : entries) {
            if (entry.getValueType() != JsonValue.ValueType.OBJECT) {
                return unverified(verified, "credentialStatus: an entry is not an object");
            }
            Verification checked = entry(credential, entry.asJsonObject(), verified, verifier, at);
            if (checked != verified) {
                return checked;
            }
        }
        return verified;
    }

    private static Verification entry(JsonObject credential, JsonObject entry, Verification verified,
                                      CredentialVerifier verifier, Instant at) {
        String type = CredentialVerifier.text(entry.get("type"));
        if ("1EdTechRevocationList".equals(type)) {
            return revocationList(credential, entry, verified, verifier);
        }
        if ("BitstringStatusListEntry".equals(type) || "StatusList2021Entry".equals(type)) {
            return bitstring(entry, verified, verifier, at);
        }
        return unverified(verified, "credentialStatus.type " + (type == null ? "is missing" : "'" + type
                + "' is not a status method this service can check") + ", so revocation cannot be ruled out");
    }

    private static Verification revocationList(JsonObject credential, JsonObject entry, Verification verified,
                                               CredentialVerifier verifier) {
        String url = CredentialVerifier.text(entry.get("id"));
        if (url == null) {
            return unverified(verified, "credentialStatus.id is missing: it names the revocation list");
        }
        Lookup.Result found = verifier.statusList(url);
        JsonObject list = found.document();
        if (list == null) {
            return notHeld(verified, url, found.reason());
        }
        String id = CredentialVerifier.text(credential.get("id"));
        JsonValue revoked = list.get("revokedCredentials");
        if (revoked == null || revoked.getValueType() != JsonValue.ValueType.ARRAY) {
            return unverified(verified, "credentialStatus: the revocation list " + url
                    + " has no revokedCredentials list");
        }
        for (JsonValue r : revoked.asJsonArray()) {
            if (r.getValueType() == JsonValue.ValueType.OBJECT && id != null
                    && id.equals(CredentialVerifier.text(r.asJsonObject().get("id")))) {
                String why = CredentialVerifier.text(r.asJsonObject().get("revocationReason"));
                return new Verification(Verification.Status.REVOKED, "revoked: the issuer's revocation list " + url
                        + " lists it" + (why == null ? "" : " (" + why + ")"), verified.issuer(),
                        verified.verificationMethod(), verified.issuerKey());
            }
        }
        return verified;
    }

    private static Verification bitstring(JsonObject entry, Verification verified, CredentialVerifier verifier,
                                          Instant at) {
        String url = CredentialVerifier.text(entry.get("statusListCredential"));
        if (url == null) {
            return unverified(verified, "credentialStatus.statusListCredential is missing: it names the status list");
        }
        Lookup.Result found = verifier.statusList(url);
        JsonObject list = found.document();
        if (list == null) {
            return notHeld(verified, url, found.reason());
        }
        long index = index(entry.get("statusListIndex"));
        if (index < 0) {
            return unverified(verified, "credentialStatus.statusListIndex is not a whole number");
        }
        Verification listed = verifier.proved(list, at);
        if (!listed.verified()) {
            return unverified(verified, "credentialStatus: the status list " + url + " does not verify ("
                    + listed.reason() + ")");
        }
        if (verified.issuer() == null || !verified.issuer().equals(listed.issuer())) {
            return unverified(verified, "credentialStatus: the status list " + url + " was issued by "
                    + listed.issuer() + ", not by the credential's issuer");
        }
        if (!listed.issuerKey()) {
            return unverified(verified, "credentialStatus: the status list " + url + " is signed with "
                    + listed.verificationMethod() + ", which is not shown to be its issuer's key");
        }
        JsonValue subject = list.get("credentialSubject");
        JsonObject listSubject = subject != null && subject.getValueType() == JsonValue.ValueType.OBJECT
                ? subject.asJsonObject() : null;
        String encoded = listSubject == null ? null : CredentialVerifier.text(listSubject.get("encodedList"));
        // The list says what its bits mean; an entry claiming another purpose is not to be believed.
        String entryPurpose = CredentialVerifier.text(entry.get("statusPurpose"));
        String listPurpose = listSubject == null ? null : CredentialVerifier.text(listSubject.get("statusPurpose"));
        if (entryPurpose != null && listPurpose != null && !entryPurpose.equals(listPurpose)) {
            return unverified(verified, "credentialStatus.statusPurpose '" + entryPurpose + "' is not the status"
                    + " list's purpose '" + listPurpose + "' (" + url + ")");
        }
        String purpose = listPurpose != null ? listPurpose : entryPurpose;
        if (purpose != null && !purpose.equals("revocation") && !purpose.equals("suspension")) {
            // A message or refresh list says nothing of whether the credential stands.
            return verified;
        }
        if (encoded == null) {
            return unverified(verified, "credentialStatus: the status list " + url + " has no encodedList");
        }
        byte[] bits;
        try {
            bits = inflate(encoded.startsWith("u") ? encoded.substring(1) : encoded);
        } catch (IOException | IllegalArgumentException e) {
            return unverified(verified, "credentialStatus: the status list " + url
                    + " cannot be decoded (expected base64url of a GZIP bitstring)");
        }
        if (index >= (long) bits.length * 8) {
            return unverified(verified, "credentialStatus.statusListIndex " + index + " is beyond the status list's "
                    + ((long) bits.length * 8) + " entries");
        }
        boolean set = (bits[(int) (index / 8)] >> (7 - (int) (index % 8)) & 1) == 1;
        if (!set) {
            return verified;
        }
        boolean suspended = "suspension".equals(purpose);
        return new Verification(suspended ? Verification.Status.SUSPENDED : Verification.Status.REVOKED,
                (suspended ? "suspended" : "revoked") + ": entry " + index + " of the issuer's status list " + url
                        + " is set", verified.issuer(), verified.verificationMethod(), verified.issuerKey());
    }

    private static long index(JsonValue value) {
        if (value == null) {
            return -1;
        }
        String text = value.getValueType() == JsonValue.ValueType.NUMBER ? value.toString()
                : CredentialVerifier.text(value);
        if (text == null || !text.matches("\\d{1,12}")) {
            return -1;
        }
        return Long.parseLong(text);
    }

    private static byte[] inflate(String base64url) throws IOException {
        byte[] compressed = Base64.getUrlDecoder().decode(base64url.replace("=", ""));
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_BITSTRING_BYTES) {
                    throw new IOException("too large");
                }
            }
            return out.toByteArray();
        }
    }

    private static Verification notHeld(Verification verified, String url, String why) {
        return unverified(verified, "credentialStatus: the status list " + url + " is not held (the trust registry"
                + " has no copy of it, and " + why + "), so revocation cannot be ruled out");
    }

    private static Verification unverified(Verification verified, String reason) {
        return new Verification(Verification.Status.UNVERIFIED, reason, verified.issuer(),
                verified.verificationMethod(), verified.issuerKey());
    }
}
