package org.pathwayengine.evaluation;

import org.pathwayengine.catalog.Issuer;
import org.pathwayengine.credit.RecognitionFile;
import org.pathwayengine.evaluation.EvaluationResult.CreditSummary;
import org.pathwayengine.evaluation.EvaluationResult.InstitutionCredit;
import org.pathwayengine.evaluation.EvaluationResult.LevelledTotal;
import org.pathwayengine.evaluation.EvaluationResult.RecognitionOutcome;
import org.pathwayengine.facts.Held;
import org.pathwayengine.facts.Recognition;
import org.pathwayengine.model.Ruleset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the learner's credentials are worth: their own credit per framework and level, and what each recognising
 * institution makes of each one (recognised, not recognised and why, or pending a registrar's review).
 */
final class CreditSummaries {

    private CreditSummaries() {
    }

    static CreditSummary of(Ruleset ruleset, List<Held> held, Set<Integer> excludedEverywhere,
                            Map<Integer, Map<String, Recognition>> recognitions) {
        Map<String, Map<Integer, Double>> own = new TreeMap<>();
        for (Held h : held) {
            if (!excludedEverywhere.contains(h.getIndex()) && h.getCredits() > 0 && h.getFramework() != null) {
                own.computeIfAbsent(h.getFramework(), k -> new TreeMap<>()).merge(h.getLevel(), h.getCredits(),
                        Double::sum);
            }
        }
        List<InstitutionCredit> institutions = new ArrayList<>();
        for (RecognitionFile table : ruleset.recognition().values()) {
            String id = table.institution();
            Issuer issuer = ruleset.catalog().issuers().get(id);
            Map<String, Map<Integer, Double>> recognised = new TreeMap<>();
            List<RecognitionOutcome> outcomes = new ArrayList<>();
            for (Held h : held) {
                RecognitionOutcome o = outcome(h, id, excludedEverywhere,
                        recognitions.getOrDefault(h.getIndex(), Map.of()).get(id));
                if ("RECOGNISED".equals(o.outcome()) && !Boolean.TRUE.equals(o.hypothetical())) {
                    recognised.computeIfAbsent(o.framework(), k -> new TreeMap<>()).merge(o.level(), o.credits(),
                            Double::sum);
                }
                outcomes.add(o);
            }
            institutions.add(new InstitutionCredit(id, issuer == null ? id : issuer.name(), totals(recognised),
                    outcomes));
        }
        return new CreditSummary(totals(own), institutions);
    }

    private static RecognitionOutcome outcome(Held h, String institution, Set<Integer> excludedEverywhere,
                                              Recognition r) {
        Boolean hypothetical = h.isHypothetical() ? true : null;
        if (excludedEverywhere.contains(h.getIndex())) {
            return new RecognitionOutcome(h.getCode(), Recognition.NOT_RECOGNISED, null, null, null,
                    "does not count anywhere (see excluded)", null, hypothetical);
        }
        if (institution.equals(h.getIssuer())) {
            return h.getCredits() > 0
                    ? new RecognitionOutcome(h.getCode(), Recognition.RECOGNISED, h.getCredits(), h.getLevel(),
                    h.getFramework(), "awarded by " + institution + " itself", null, hypothetical)
                    : new RecognitionOutcome(h.getCode(), Recognition.NOT_RECOGNISED, null, null, null,
                    "awarded by " + institution + " without credit", null, hypothetical);
        }
        if (r == null) {
            return new RecognitionOutcome(h.getCode(), Recognition.NOT_RECOGNISED, null, null, null,
                    "no equivalence at " + institution, null, hypothetical);
        }
        return r.isRecognised()
                ? new RecognitionOutcome(h.getCode(), r.getOutcome(), r.getCredits(), r.getLevel(), r.getFramework(),
                r.getReason(), r.getRuleId(), hypothetical)
                : new RecognitionOutcome(h.getCode(), r.getOutcome(), null, null, null, r.getReason(), r.getRuleId(),
                hypothetical);
    }

    private static List<LevelledTotal> totals(Map<String, Map<Integer, Double>> byFramework) {
        List<LevelledTotal> out = new ArrayList<>();
        byFramework.forEach((framework, levels) -> out.add(new LevelledTotal(framework,
                levels.values().stream().mapToDouble(Double::doubleValue).sum(), levels)));
        return out;
    }
}
