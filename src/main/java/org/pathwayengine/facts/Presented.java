package org.pathwayengine.facts;

import java.util.List;

/**
 * What a held credential given as a verifiable credential (an Open Badges 3.0 credential, alone or in a CLR bundle)
 * says beyond its catalog entry, for policies to use: who issued it, how it verified, the credit it states, its
 * results and its evidence.
 *
 * @param credentialId     the credential's own id, when it has one
 * @param issuer           the issuer id it names (a URL or DID)
 * @param achievement      the achievement's id
 * @param verification     VERIFIED, or why it counts without: UNVERIFIED (the rules accept or review such)
 * @param pendingReview    it counts only until a registrar reviews it (the rules' unverified: pending-review)
 * @param trustedForCredit the trust registry trusts its issuer for credit; when not, it counts without credit
 * @param creditsEarned    credits the credential says the learner earned, or null
 * @param creditsAvailable credits its achievement is worth, as the credential states, or null
 * @param results          its results, as awarded
 * @param evidence         its evidence
 */
public record Presented(String credentialId, String issuer, String achievement, String verification,
                        boolean pendingReview, boolean trustedForCredit, Double creditsEarned, Double creditsAvailable,
                        List<Result> results, List<Evidence> evidence) {

    public Presented {
        results = results == null ? List.of() : List.copyOf(results);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** One result: a grade, a percentage, a status (Open Badges {@code Result}). */
    public record Result(String value, String resultType, String status) {
    }

    /**
     * One piece of evidence (Open Badges {@code Evidence}).
     *
     * @param genre the kind of evidence as the issuer names it ("Practice", "Research", "Work sample", ...)
     */
    public record Evidence(String id, String name, String genre, String description, String audience) {
    }
}
