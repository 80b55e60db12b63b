package org.pathwayengine.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A registrar's exception for one learner, as an evaluation request carries it (a stored learner's exceptions are
 * added to the request that evaluates the record, so a recorded answer replays with them).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "RegistrarException", description = "A registrar's exception for this learner: waive a requirement,"
        + " force one complete, substitute one credential for another, allow a credential in a requirement it would"
        + " not normally count for, or extend a credential's validity.")
public record GrantedException(
        @Schema(description = "The exception's id; the answer names it wherever it changed an outcome.",
                examples = "EX-2026-0147")
        @NotBlank @Size(max = 80) @Pattern(regexp = HeldCredential.NO_CONTROL_CHARACTERS,
                message = HeldCredential.NO_CONTROL_CHARACTERS_MESSAGE)
        String id,
        @NotNull
        Kind kind,
        @Schema(description = "The qualification (WAIVE, FORCE_COMPLETE, ALLOW).", examples = "AI-LIT-CERT")
        @Size(max = 80)
        String qualification,
        @Schema(description = "The requirement id within the qualification (WAIVE, FORCE_COMPLETE, ALLOW).")
        @Size(max = 120)
        String requirement,
        @Schema(description = "The held credential's code (SUBSTITUTE, ALLOW, EXTEND_VALIDITY).")
        @Size(max = 80)
        String credential,
        @Schema(description = "The catalog credential the held one counts as (SUBSTITUTE).")
        @Size(max = 80)
        String substitute,
        @Schema(description = "The date the credential counts as valid until (EXTEND_VALIDITY): it is not expired"
                + " before then, and policies that honour the extension (such as recency) let it count.")
        LocalDate until,
        @Schema(description = "Why it was granted, in the registrar's words.")
        @NotBlank @Size(max = 1000) @Pattern(regexp = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*",
                message = "must not contain control characters other than line breaks and tabs")
        String reason,
        @Schema(description = "Who granted it (set from the token when stored through the learner record).")
        @Size(max = 200) @Pattern(regexp = HeldCredential.NO_CONTROL_CHARACTERS,
                message = HeldCredential.NO_CONTROL_CHARACTERS_MESSAGE)
        String author,
        @Schema(description = "When it was granted (set when stored through the learner record).")
        LocalDate granted,
        @Schema(description = "The last day it applies; after it, it no longer applies and the answer says it"
                + " lapsed.")
        LocalDate expires) {

    /** The five tools of a registrar's trade. */
    @Schema(name = "RegistrarExceptionKind")
    public enum Kind { WAIVE, FORCE_COMPLETE, SUBSTITUTE, ALLOW, EXTEND_VALIDITY }

    /** Whether it applies on this date (not past its expiry). */
    public boolean inForce(LocalDate asOf) {
        return expires == null || !expires.isBefore(asOf);
    }

    /** The same exception with its author and grant date set. */
    public GrantedException grantedBy(String by, LocalDate on) {
        return new GrantedException(id, kind, qualification, requirement, credential, substitute, until, reason, by,
                on, expires);
    }

    /**
     * What the kind asks beyond each field's own constraints, as (field, reason) pairs with {@code prefix} before
     * each field name: the fields a kind needs, and none it does not use.
     */
    public List<String[]> violations(String prefix) {
        List<String[]> out = new ArrayList<>();
        if (kind == null) {
            return out;
        }
        boolean names = kind == Kind.WAIVE || kind == Kind.FORCE_COMPLETE || kind == Kind.ALLOW;
        boolean credentialed = kind == Kind.SUBSTITUTE || kind == Kind.ALLOW || kind == Kind.EXTEND_VALIDITY;
        need(out, prefix, "qualification", qualification, names);
        need(out, prefix, "requirement", requirement, names);
        need(out, prefix, "credential", credential, credentialed);
        need(out, prefix, "substitute", substitute, kind == Kind.SUBSTITUTE);
        need(out, prefix, "until", until, kind == Kind.EXTEND_VALIDITY);
        if (kind == Kind.SUBSTITUTE && credential != null && credential.equals(substitute)) {
            out.add(new String[]{prefix + "substitute", "must differ from credential"});
        }
        return out;
    }

    private void need(List<String[]> out, String prefix, String field, Object value, boolean needed) {
        if (needed && (value == null || value.toString().isBlank())) {
            out.add(new String[]{prefix + field, "is required for a " + kind + " exception"});
        } else if (!needed && value != null) {
            out.add(new String[]{prefix + field, "is not used by a " + kind + " exception; leave it out"});
        }
    }
}
