package org.pathwayengine.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The answer to an evaluation: per qualification, where the learner stands and why, and which credentials did
 * not count and why, all traceable to rule ids and one ruleset version.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The outcome of an evaluation.")
public record EvaluationResult(
        @Schema(description = "Id of the stored record; absent when the evaluation was not recorded.")
        UUID id,
        @Schema(description = "Whether the evaluation was stored and can be fetched again by id.")
        boolean recorded,
        @Schema(description = "Why it was not recorded, when it was not.")
        String notRecordedReason,
        Instant evaluatedAt,
        @Schema(description = "Version (content hash) of the ruleset that decided this answer.")
        String rulesetVersion,
        LocalDate asOf,
        String learner,
        @Schema(description = "Every qualification the held credentials relate to, eligible first.")
        List<QualificationResult> qualifications,
        @Schema(description = "Held credentials, or uses of them, that did not count, with the reason and rule id.")
        List<ExcludedCredential> excluded,
        @Schema(description = "Valid held credentials that no considered qualification needed; one that a policy"
                + " kept out or a prior-learning cap left out is listed under that reason (excluded, rplLeftOut) instead.")
        List<String> unused,
        @Schema(description = "Ids of every rule that fired, in first-fired order.")
        List<String> firedRules,
        @Schema(description = "What the held credentials are worth: totals per framework and level, and per"
                + " recognising institution.")
        CreditSummary credit,
        @Schema(description = "Catalog credentials on the considered pathways that the learner may start now,"
                + " and those blocked by prerequisites.")
        PrerequisiteSummary prerequisites,
        @Schema(description = "Ranked plans to the nearest qualifications: least notional hours, then credits.")
        List<NextStep> nextSteps,
        @Schema(description = "Every qualification not yet earned that got no next-step plan, with the reason:"
                + " the evaluation's planning budget was spent on nearer ones (plans are made nearest first), the"
                + " catalog cannot complete it, the rules exclude what a plan would need, or no combination of"
                + " catalog credentials completes it. Absent when every one got a plan.")
        List<NotPlanned> notPlanned,
        @Schema(description = "Each registrar's exception the request carried: what it changed (the outcomes that"
                + " differ without it), or that it changes nothing, or why it did not apply. Absent when there were"
                + " none.")
        List<ExceptionOutcome> exceptions,
        @Schema(description = "Each held credential given as a verifiable credential (and each credential of a CLR"
                + " bundle): how it verified, which catalog credential it is, and whether it counts, with the"
                + " reason. Absent when the request gave none.")
        List<PresentedCredential> credentials) {

    /** An answer without exceptions. */
    public EvaluationResult(UUID id, boolean recorded, String notRecordedReason, Instant evaluatedAt,
                            String rulesetVersion, LocalDate asOf, String learner,
                            List<QualificationResult> qualifications, List<ExcludedCredential> excluded,
                            List<String> unused, List<String> firedRules, CreditSummary credit,
                            PrerequisiteSummary prerequisites, List<NextStep> nextSteps, List<NotPlanned> notPlanned) {
        this(id, recorded, notRecordedReason, evaluatedAt, rulesetVersion, asOf, learner, qualifications, excluded,
                unused, firedRules, credit, prerequisites, nextSteps, notPlanned, null, null);
    }

    public EvaluationResult withRecord(UUID id, boolean recorded, String notRecordedReason) {
        return new EvaluationResult(id, recorded, notRecordedReason, evaluatedAt, rulesetVersion, asOf, learner,
                qualifications, excluded, unused, firedRules, credit, prerequisites, nextSteps, notPlanned, exceptions,
                credentials);
    }

    /** The same answer with these qualifications and exception outcomes. */
    EvaluationResult withExceptions(List<QualificationResult> qualifications, List<ExceptionOutcome> outcomes) {
        return new EvaluationResult(id, recorded, notRecordedReason, evaluatedAt, rulesetVersion, asOf, learner,
                qualifications, excluded, unused, firedRules, credit, prerequisites, nextSteps, notPlanned, outcomes,
                credentials);
    }

    /** The same answer with what became of the verifiable credentials given, and qualifications marked for review. */
    EvaluationResult withCredentials(List<QualificationResult> qualifications, List<PresentedCredential> presented) {
        return new EvaluationResult(id, recorded, notRecordedReason, evaluatedAt, rulesetVersion, asOf, learner,
                qualifications, excluded, unused, firedRules, credit, prerequisites, nextSteps, notPlanned, exceptions,
                presented);
    }

    /**
     * What became of one verifiable credential the request gave.
     *
     * @param held the position of the entry in the request's held list
     * @param part for a credential inside a CLR bundle, its position in the bundle's verifiableCredential list
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "What became of one verifiable credential the request gave.")
    public record PresentedCredential(
            @Schema(description = "Position of the entry in the request's held list.")
            int held,
            @Schema(description = "For a credential inside a CLR bundle: its position in the bundle's"
                    + " verifiableCredential list. Absent for the entry itself.")
            Integer part,
            @Schema(description = "How it was given: json-ld (with an embedded proof) or jwt (VC-JWT).")
            String format,
            @Schema(description = "Its most specific type: OpenBadgeCredential, AchievementCredential, ClrCredential.")
            String type,
            @Schema(description = "The credential's own id, when it has one.")
            String id,
            @Schema(description = "Its name, or its achievement's.")
            String name,
            @Schema(description = "The issuer id it names.")
            String issuer,
            @Schema(description = "Whom it was awarded to, as it says: credentialSubject.id, else the first"
                    + " identifier (identityType:identityHash). The service does not know the learner's identifiers:"
                    + " the caller checks that each credential is the learner's.")
            String subject,
            @Schema(description = "The achievement's id.")
            String achievement,
            @Schema(description = "VERIFIED: proof, issuer key, status and dates check; UNVERIFIED: they could not"
                    + " be checked or did not; EXPIRED: proof, issuer key and status check but it is past its"
                    + " validUntil (or JWT exp), and the engine judges it as an expired credential; NOT_YET_VALID:"
                    + " before its validFrom; REVOKED, SUSPENDED: so marked on its issuer's status list.", enumeration = {"VERIFIED", "UNVERIFIED", "EXPIRED",
                    "NOT_YET_VALID", "REVOKED", "SUSPENDED"})
            String verification,
            @Schema(description = "What the verification found, in words (the field or value at fault when it"
                    + " failed).")
            String verificationReason,
            @Schema(description = "The catalog credential it maps onto, when it maps onto one.")
            String code,
            @Schema(description = "ADMITTED: a held credential of the evaluation as the catalog credential named by"
                    + " code, judged like any other (expiry, policies: see excluded for where it does not count);"
                    + " PENDING_REVIEW: admitted, but what it decides waits for a registrar's review (see"
                    + " qualifications[].pendingReview); NOT_ADMITTED: it counts nowhere, see reason; BUNDLE: a CLR,"
                    + " whose credentials are listed as its parts.",
                    enumeration = {"ADMITTED", "PENDING_REVIEW", "NOT_ADMITTED", "BUNDLE"})
            String outcome,
            @Schema(description = "Why it does not count or waits for review, or what limits it (no credit from an"
                    + " issuer not trusted for credit).")
            String reason,
            @Schema(description = "A CLR's associations between its achievements (isParentOf, isPartOf, ...), as"
                    + " given.")
            List<Association> associations) {
    }

    /** An association a CLR bundle states between two of its achievements. */
    public record Association(String associationType, String sourceId, String targetId) {
    }

    /** What one registrar's exception did in this evaluation. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @Schema(name = "ExceptionOutcome")
    public record ExceptionOutcome(
            String id,
            GrantedException.Kind kind,
            @Schema(description = "CHANGED: an outcome differs without it; NO_EFFECT: everything is the same without"
                    + " it (the learner meets the requirement anyway, say); LAPSED: past its expiry on the as-of"
                    + " date; NOT_APPLICABLE: it names a qualification, requirement or credential this evaluation"
                    + " does not have.")
            String effect,
            @Schema(description = "The qualifications whose outcome it changed.")
            List<String> qualifications,
            @Schema(description = "What it changed, or why not, in words.")
            String explanation) {
    }

    /**
     * A qualification with no next-step plan.
     *
     * @param decidedBy the rules that excluded credentials a plan would need, when that is the reason
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record NotPlanned(
            String qualification,
            String title,
            @Schema(description = "Why there is no plan, in one sentence.")
            String reason,
            @Schema(description = "Rule ids that excluded the planned credentials a plan would need, when that is"
                    + " why.")
            List<String> decidedBy) {
    }

    /** Progress on one qualification. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QualificationResult(
            String code,
            String title,
            String type,
            Integer level,
            String pathway,
            Status status,
            @Schema(description = "The outcome in one sentence.")
            String summary,
            @Schema(description = "Least notional hours of further learning that would complete it (0 when eligible);"
                    + " when the catalog cannot complete it (cannotComplete), the hours of the part it can.")
            double remainingHours,
            @Schema(description = "Credits counted towards it, per framework.")
            List<CreditTotal> credits,
            RequirementResult requirement,
            @Schema(description = "Rule ids that decided this outcome: candidacy, exclusions and the pathway.")
            List<String> decidedBy,
            @Schema(description = "False only when the allocation search hit its limit; the answer is then the best found.")
            boolean exact,
            @Schema(description = "True when a hypothetical (what-if) credential counts towards it.")
            boolean dependsOnHypothetical,
            @Schema(description = "Prior learning left out by the award's RPL cap, with why.")
            List<LeftOut> rplLeftOut,
            @Schema(description = "The qualification's own prerequisites (entry requirements) not met yet, in words;"
                    + " absent when they are met or there are none. While any is missing the qualification is not"
                    + " ELIGIBLE, even when every requirement is.")
            List<String> prerequisitesMissing,
            @Schema(description = "Requirements still needed that no credential in the catalog can meet, each as"
                    + " \"requirement: why\": the learner cannot complete the qualification by taking what the catalog"
                    + " offers, a defect for the curriculum team. Absent when the catalog can complete it.")
            List<String> cannotComplete,
            @Schema(description = "Ids of the registrar's exceptions that changed this outcome (it differs without"
                    + " each); see exceptions for what each did.")
            List<String> exceptions,
            @Schema(description = "Held credentials counted towards it that did not verify and wait for a"
                    + " registrar's review (the rules count unverified credentials pending review): the outcome stands"
                    + " only if they are confirmed. Absent when none.")
            List<String> pendingReview,
            @Schema(description = "With openBadges=true, for an ELIGIBLE qualification that stands (no what-if or"
                    + " pending credential decides it): the Open Badges 3.0 AchievementCredential the awarding body"
                    + " would issue, unsigned: the achievement from the catalog (achievementType, creditsAvailable,"
                    + " criteria), the learner's reference, and evidence naming each credential that counted. The"
                    + " awarding body completes its issuer profile, signs and issues it.",
                    type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT)
            Map<String, Object> openBadge) {

        public QualificationResult(String code, String title, String type, Integer level, String pathway,
                                   Status status, String summary, double remainingHours, List<CreditTotal> credits,
                                   RequirementResult requirement, List<String> decidedBy, boolean exact,
                                   boolean dependsOnHypothetical, List<LeftOut> rplLeftOut,
                                   List<String> prerequisitesMissing, List<String> cannotComplete) {
            this(code, title, type, level, pathway, status, summary, remainingHours, credits, requirement, decidedBy,
                    exact, dependsOnHypothetical, rplLeftOut, prerequisitesMissing, cannotComplete, null, null, null);
        }

        QualificationResult gated(Status status, String summary, double remainingHours, List<String> decidedBy,
                                  List<String> prerequisitesMissing) {
            return new QualificationResult(code, title, type, level, pathway, status, summary, remainingHours, credits,
                    requirement, decidedBy, exact, dependsOnHypothetical, rplLeftOut, prerequisitesMissing,
                    cannotComplete, exceptions, pendingReview, openBadge);
        }

        QualificationResult withExceptions(List<String> ids) {
            return new QualificationResult(code, title, type, level, pathway, status, summary, remainingHours, credits,
                    requirement, decidedBy, exact, dependsOnHypothetical, rplLeftOut, prerequisitesMissing,
                    cannotComplete, ids.isEmpty() ? null : List.copyOf(ids), pendingReview, openBadge);
        }

        QualificationResult withPendingReview(List<String> codes) {
            return new QualificationResult(code, title, type, level, pathway, status, summary, remainingHours, credits,
                    requirement, decidedBy, exact, dependsOnHypothetical, rplLeftOut, prerequisitesMissing,
                    cannotComplete, exceptions, codes.isEmpty() ? null : List.copyOf(codes), openBadge);
        }

        QualificationResult withOpenBadge(Map<String, Object> credential) {
            return new QualificationResult(code, title, type, level, pathway, status, summary, remainingHours, credits,
                    requirement, decidedBy, exact, dependsOnHypothetical, rplLeftOut, prerequisitesMissing,
                    cannotComplete, exceptions, pendingReview, credential);
        }
    }

    /**
     * A credential the award's cap on recognition of prior learning left out, wholly or in part.
     *
     * @param credits the credits left out
     * @param counted the credits of it that did count, up to the cap; absent when none did
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LeftOut(String code, double credits,
                          @Schema(description = "Credits of it that counted, up to the cap (the award's rplBlocks is"
                                  + " partial); absent when none did.")
                          Double counted,
                          String reason) {
    }

    /** One requirement of a qualification, with what counted and what is missing. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record RequirementResult(
            String id,
            String title,
            @Schema(description = "allOf, choose, qualification, credential, count or credits.")
            String kind,
            boolean met,
            @Schema(description = "Units counted: credentials, or credits for a credits requirement (after any cap).")
            Double counted,
            @Schema(description = "Units required.")
            Double required,
            @Schema(description = "Held credentials counted here.")
            List<String> credentials,
            @Schema(description = "What is still missing, in words.")
            String missing,
            @Schema(description = "Rule ids that stopped a held credential counting here.")
            List<String> rules,
            String source,
            List<RequirementResult> children,
            @Schema(description = "For credits counted in another framework or through recognition: each"
                    + " credential's own credit, what it counts as here, and the conversion or recognition used.")
            List<CreditUse> conversions,
            @Schema(description = "Hypothetical (what-if) credentials counted here.")
            List<String> hypothetical,
            @Schema(description = "Registrar's exceptions acting here: one that waived or forced this requirement"
                    + " complete, or one through which a credential counted here (substituted, allowed, validity"
                    + " extended), each as \"ID (KIND)\".")
            List<String> exceptions) {

        public RequirementResult(String id, String title, String kind, boolean met, Double counted, Double required,
                                 List<String> credentials, String missing, List<String> rules, String source,
                                 List<RequirementResult> children, List<CreditUse> conversions,
                                 List<String> hypothetical) {
            this(id, title, kind, met, counted, required, credentials, missing, rules, source, children, conversions,
                    hypothetical, List.of());
        }

        /** Every held credential counted anywhere in this requirement's tree. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public java.util.SortedSet<String> countedCredentials() {
            java.util.SortedSet<String> out = new java.util.TreeSet<>(credentials == null ? List.of() : credentials);
            if (children != null) {
                children.forEach(c -> out.addAll(c.countedCredentials()));
            }
            return out;
        }

    }

    /** How one credential's credit counts towards a requirement. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreditUse(String code, double fromCredits, String fromFramework, double credits, String framework,
                            Integer level, String conversion, String conversionSource, String recognition) {
    }

    /** A credential, or one use of it, that did not count. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExcludedCredential(
            String code,
            @Schema(description = "Position of the credential in the request's held list.")
            int held,
            String reason,
            String ruleId,
            @Schema(description = "The qualification it does not count towards; absent when it counts nowhere.")
            String qualification,
            @Schema(description = "The requirement it does not count towards, when only one.")
            String requirement,
            @Schema(description = "True for a hypothetical (what-if) credential.")
            Boolean hypothetical) {
    }

    /** Credits in one framework. */
    public record CreditTotal(String framework, double credits) {
    }

    /** Credit in one framework, with the part at each level. */
    public record LevelledTotal(String framework, double credits, Map<Integer, Double> byLevel) {
    }

    /** What the credentials are worth: their own credit, and at each recognising institution. */
    public record CreditSummary(List<LevelledTotal> totals, List<InstitutionCredit> institutions) {
    }

    /** One recognising institution's view of the learner's credentials. */
    public record InstitutionCredit(String institution, String name, List<LevelledTotal> recognised,
                                    List<RecognitionOutcome> credentials) {
    }

    /** Recognised (credits at a level), not recognised (why), or pending a registrar's review. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecognitionOutcome(String code, String outcome, Double credits, Integer level, String framework,
                                     String reason, String ruleId, Boolean hypothetical) {
    }

    /** Catalog credentials the learner may start now, and those blocked and by what. */
    public record PrerequisiteSummary(List<Startable> available, List<Blocked> blocked) {
    }

    /** A credential the learner may start, with the non-binding recommendations not yet held. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Startable(String code, String title, List<String> recommendedFirst) {
    }

    /** A credential the learner may not start yet. */
    public record Blocked(String code, String title, List<String> missing) {
    }

    /** A full plan to one qualification: the credentials to earn, in an order that respects prerequisites. */
    public record NextStep(int rank, String qualification, String title, Status status, String reason, double hours,
                           double credits, List<Step> steps, boolean exact) {
    }

    /**
     * One credential of a plan.
     *
     * @param renewal true when the learner holds it but the held one does not count (expired, too old, excluded by
     *                a policy, too old for a prerequisite), so the step is to take it again; absent otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Step(String code, String title, int hours, double credits, String why,
                       @Schema(description = "True when the step is to take a held credential again (renew or"
                               + " retake), because the held one does not count; absent otherwise.")
                       Boolean renewal) {
    }

    /** Statuses in the order an answer lists them. */
    static int rank(Status s) {
        return switch (s) {
            case ELIGIBLE -> 0;
            case IN_PROGRESS -> 1;
            case NOT_STARTED -> 2;
        };
    }
}
