package org.pathwayengine.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/**
 * A credential the learner holds, as an LMS or registrar reports it: by catalog code and award date, or as the
 * verifiable credential itself (an Open Badges 3.0 credential, a VC-JWT, a CLR 2.0 bundle), which is verified and
 * mapped onto the catalog at each evaluation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@HeldCredential.CodeOrCredential
@Schema(description = "A credential the learner holds: by catalog code and award date, or as a verifiable credential"
        + " (then nothing else is given: the credential says what it is).")
public record HeldCredential(
        @Schema(description = "Catalog code of the credential; required unless verifiableCredential is given.",
                examples = "AIL-TK-101")
        @Size(max = 80) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*", message = "must be a catalog code (letters, digits, . _ -)")
        String code,
        @Schema(description = "Date it was awarded (ISO 8601); required unless verifiableCredential is given.",
                examples = "2025-06-30")
        LocalDate awarded,
        @Schema(description = "Date it expires, when the credential states one; else the catalog's validity applies.")
        LocalDate expires,
        @Schema(description = "Issuer id as the credential states it; when given it must match the catalog.")
        @Size(max = 80)
        // PostgreSQL cannot store a NUL byte: such a value would make the answer and the record unstorable.
        @Pattern(regexp = NO_CONTROL_CHARACTERS, message = NO_CONTROL_CHARACTERS_MESSAGE)
        String issuer,
        @Schema(description = "Whether the learning was assessed; defaults to the catalog's assessment type.")
        Boolean assessed,
        @Schema(description = "Grade or result, as awarded; on the catalog's grade scale for the credential when it"
                + " has one (a grade not on it does not count).", examples = "Merit")
        @Size(max = 40)
        @Pattern(regexp = NO_CONTROL_CHARACTERS, message = NO_CONTROL_CHARACTERS_MESSAGE)
        String grade,
        @Schema(description = "Numeric mark, as awarded (e.g. a percentage), for requirements that ask for a minimum"
                + " mark.", examples = "64")
        @jakarta.validation.constraints.PositiveOrZero @jakarta.validation.constraints.Max(100000)
        Double mark,
        @Schema(description = "Which attempt earned it: 1 (the default) for the first sitting, 2 or more for a resit;"
                + " policies can see it.", examples = "1")
        @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(100)
        Integer attempt,
        @Schema(description = "The credential itself, as the learner holds it: an Open Badges 3.0"
                + " OpenBadgeCredential or AchievementCredential (JSON-LD, VC Data Model 2.0 or 1.1, with an embedded"
                + " proof), the same as a VC-JWT (a compact JWT string), or a CLR 2.0 ClrCredential, each of whose"
                + " credentials counts on its own. It is verified (proof, issuer key, status, dates) and mapped onto"
                + " the catalog by the rules' CredentialIntake file; the answer's credentials list says what became of"
                + " it.", implementation = Object.class)
        com.fasterxml.jackson.databind.JsonNode verifiableCredential) {

    /** Text fields: no control characters (a NUL byte cannot be stored, a line break is a typing mistake). */
    static final String NO_CONTROL_CHARACTERS = "[^\\x00-\\x1F\\x7F]*";
    static final String NO_CONTROL_CHARACTERS_MESSAGE = "must not contain control characters (such as a NUL byte"
            + " or a line break)";

    /** A credential named by its catalog code. */
    public HeldCredential(String code, LocalDate awarded, LocalDate expires, String issuer, Boolean assessed,
                          String grade, Double mark, Integer attempt) {
        this(code, awarded, expires, issuer, assessed, grade, mark, attempt, null);
    }

    /** A credential given as a verifiable credential. */
    public static HeldCredential presented(com.fasterxml.jackson.databind.JsonNode credential) {
        return new HeldCredential(null, null, null, null, null, null, null, null, credential);
    }

    /** Whether it is given as a verifiable credential (rather than by catalog code). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isPresented() {
        return verifiableCredential != null;
    }

    /**
     * What a learner record files it under: its catalog code; for a verifiable credential, {@code vc-} and a digest
     * of the credential's id (of the whole credential when it has none), so that giving the same credential again
     * corrects it rather than adding it twice.
     */
    public String key() {
        if (verifiableCredential == null) {
            return code;
        }
        String credentialId = credentialId();
        String identity = credentialId != null ? "id:" + credentialId
                : verifiableCredential.isTextual() ? verifiableCredential.textValue() : verifiableCredential.toString();
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(identity.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "vc-" + java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /**
     * The verifiable credential's own id, unverified: its {@code id}, or for a VC-JWT the {@code vc} claim's id, the
     * payload's id or the {@code jti}; null when it names none. The same credential given as JSON or as a JWT has
     * one id.
     */
    private String credentialId() {
        com.fasterxml.jackson.databind.JsonNode credential = verifiableCredential;
        if (verifiableCredential.isTextual()) {
            String[] parts = verifiableCredential.textValue().strip().split("\\.", -1);
            if (parts.length != 3) {
                return null;
            }
            try {
                credential = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        java.util.Base64.getUrlDecoder().decode(parts[1]));
            } catch (java.io.IOException | IllegalArgumentException e) {
                return null;
            }
            if (credential == null) {
                return null;
            }
            if (credential.get("vc") != null && credential.get("vc").isObject()) {
                com.fasterxml.jackson.databind.JsonNode id = credential.get("vc").get("id");
                if (id != null && id.isTextual()) {
                    return id.textValue();
                }
            }
            if (credential.get("id") == null && credential.get("jti") != null && credential.get("jti").isTextual()) {
                return credential.get("jti").textValue();
            }
        }
        com.fasterxml.jackson.databind.JsonNode id = credential.get("id");
        return id != null && id.isTextual() ? id.textValue() : null;
    }

    /** Longest verifiable credential taken, as JSON text (a CLR bundle of dozens of credentials fits). */
    public static final int MAX_CREDENTIAL_CHARS = 512 * 1024;

    /**
     * Either a catalog code and award date, or a verifiable credential alone: an object or a compact JWT string, not
     * too long. Reported at the field at fault, as the field's own constraints are.
     */
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @jakarta.validation.Constraint(validatedBy = CodeOrCredentialCheck.class)
    public @interface CodeOrCredential {
        String message() default "give code and awarded, or verifiableCredential";

        Class<?>[] groups() default {};

        Class<? extends jakarta.validation.Payload>[] payload() default {};
    }

    /** Checks {@link CodeOrCredential}. */
    public static final class CodeOrCredentialCheck
            implements jakarta.validation.ConstraintValidator<CodeOrCredential, HeldCredential> {

        @Override
        public boolean isValid(HeldCredential h, jakarta.validation.ConstraintValidatorContext context) {
            if (h == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            boolean valid = true;
            if (h.verifiableCredential == null) {
                if (h.code == null || h.code.isBlank()) {
                    valid = violation(context, "code", "must not be blank");
                }
                if (h.awarded == null) {
                    valid = violation(context, "awarded", "must not be null");
                }
                return valid;
            }
            if (!h.verifiableCredential.isObject() && !h.verifiableCredential.isTextual()) {
                return violation(context, "verifiableCredential", "must be a verifiable credential: a JSON object,"
                        + " or a compact JWT as a string");
            }
            if (h.verifiableCredential.isTextual() ? h.verifiableCredential.textValue().length() > MAX_CREDENTIAL_CHARS
                    : h.verifiableCredential.toString().length() > MAX_CREDENTIAL_CHARS) {
                valid = violation(context, "verifiableCredential", "is longer than " + MAX_CREDENTIAL_CHARS
                        + " characters; no credential is that long");
            }
            // PostgreSQL's jsonb, where requests and records are kept, holds no NUL; no credential needs one.
            String text = h.verifiableCredential.isTextual() ? h.verifiableCredential.textValue()
                    : h.verifiableCredential.toString();
            if (text.indexOf('\u0000') >= 0 || text.contains("\\u0000")) {
                valid = violation(context, "verifiableCredential", "must not contain the NUL character (U+0000)");
            }
            String[] names = {"code", "awarded", "expires", "issuer", "assessed", "grade", "mark", "attempt"};
            Object[] values = {h.code, h.awarded, h.expires, h.issuer, h.assessed, h.grade, h.mark, h.attempt};
            for (int i = 0; i < names.length; i++) {
                if (values[i] != null) {
                    valid = violation(context, names[i], "must not be given with verifiableCredential: the"
                            + " credential says what it is");
                }
            }
            return valid;
        }

        private static boolean violation(jakarta.validation.ConstraintValidatorContext context, String field,
                                         String message) {
            context.buildConstraintViolationWithTemplate(message.replace("{", "\\{").replace("$", "\\$"))
                    .addPropertyNode(field).addConstraintViolation();
            return false;
        }
    }

    /** A credential without a mark or attempt number. */
    public HeldCredential(String code, LocalDate awarded, LocalDate expires, String issuer, Boolean assessed,
                          String grade) {
        this(code, awarded, expires, issuer, assessed, grade, null, null, null);
    }
}
