package org.pathwayengine.evaluation;

import org.pathwayengine.credit.Conversion;
import org.pathwayengine.credit.CreditModel;
import org.pathwayengine.facts.Held;
import org.pathwayengine.facts.Recognition;
import org.pathwayengine.model.RequirementTree;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * How much credit a held credential gives a credits requirement: its own credit, or the credit an institution
 * recognises, converted into the requirement's framework by a cited conversion, at a level mapped into that
 * framework's scheme. Empty when it cannot count there.
 */
final class CreditCounter {

    /** Credit as counted, with where it came from. */
    record Counted(double credits, String framework, int level, double fromCredits, String fromFramework,
                   Conversion conversion, Recognition recognition) {
    }

    private final CreditModel model;
    private final Map<Integer, Map<String, Recognition>> recognitions;
    private final LocalDate asOf;

    CreditCounter(CreditModel model, Map<Integer, Map<String, Recognition>> recognitions, LocalDate asOf) {
        this.model = model;
        this.recognitions = recognitions;
        this.asOf = asOf;
    }

    Optional<Counted> count(Held h, RequirementTree.CreditsLeaf leaf) {
        double credits;
        int level;
        String framework;
        Recognition recognition = null;
        if (leaf.recognisedBy() != null && !leaf.recognisedBy().equals(h.getIssuer())) {
            recognition = recognitions.getOrDefault(h.getIndex(), Map.of()).get(leaf.recognisedBy());
            if (recognition == null || !recognition.isRecognised()) {
                return Optional.empty();
            }
            credits = recognition.getCredits();
            level = recognition.getLevel();
            framework = recognition.getFramework();
        } else {
            credits = h.getCredits();
            level = h.getLevel();
            framework = h.getFramework();
        }
        if (credits <= 0 || framework == null) {
            return Optional.empty();
        }
        String target = leaf.framework() != null ? leaf.framework() : framework;
        Optional<CreditModel.Converted> converted = model.convert(credits, framework, target, asOf);
        if (converted.isEmpty()) {
            return Optional.empty();
        }
        int mappedLevel = model.mapLevel(level, framework, target).orElse(-1);
        if (mappedLevel < 0 || !leaf.filter().acceptsLevel(mappedLevel)) {
            return Optional.empty();
        }
        return Optional.of(new Counted(converted.get().credits(), target, mappedLevel, credits, framework,
                converted.get().conversion(), recognition));
    }

    /** Notional hours of one more credit in the leaf's framework, from the framework when it fixes one. */
    double hoursPerCredit(RequirementTree.CreditsLeaf leaf, double catalogEstimate) {
        if (leaf.framework() == null || !model.frameworks().containsKey(leaf.framework())) {
            return catalogEstimate;
        }
        var f = model.frameworks().get(leaf.framework());
        if (f.hoursPerCredit() != null) {
            return f.hoursPerCredit();
        }
        return f.hoursPerCreditRange() != null ? f.hoursPerCreditRange().min() : catalogEstimate;
    }
}
