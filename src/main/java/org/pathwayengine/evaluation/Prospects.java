package org.pathwayengine.evaluation;

import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.credit.CreditModel;
import org.pathwayengine.facts.Held;
import org.pathwayengine.facts.Requirement;
import org.pathwayengine.model.Award;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catalog credentials a learner could earn next on the pathways in question: those some requirement of a
 * considered qualification accepts, plus their prerequisites, as if awarded on the as-of date; held ones among
 * them as renewals (taken again).
 */
final class Prospects {

    private Prospects() {
    }

    static List<Held> of(Catalog catalog, CreditModel credit, Collection<Award> plans,
                         Map<String, List<Requirement>> leafFacts, List<Held> held,
                         int firstIndex, LocalDate asOf) {
        // Held credentials are weighed too, as renewals: one that does not count (expired, too old, excluded) may
        // be taken again. The planner offers a renewal only where the held one does not count or does not meet a
        // prerequisite; elsewhere it would change nothing.
        Set<String> have = new LinkedHashSet<>();
        held.stream().filter(h -> h.getSource() == Held.Source.HELD).forEach(h -> have.add(h.getCode()));
        Set<String> given = new LinkedHashSet<>();
        held.forEach(h -> given.add(h.getCode()));
        List<Held> probes = catalog.microcredentials().values().stream()
                .filter(m -> !given.contains(m.code()) || have.contains(m.code())).map(m -> probe(catalog, credit, m, asOf)).toList();
        Set<String> wanted = new LinkedHashSet<>();
        for (Award award : plans) {
            for (Requirement f : leafFacts.get(award.qualification().code())) {
                probes.stream().filter(f::accepts).forEach(p -> wanted.add(p.getCode()));
            }
        }
        // A qualification's own prerequisites are learning towards it as much as its requirements are.
        for (Award award : plans) {
            for (String code : QualificationGate.entryRequirements(catalog, award).stream()
                    .flatMap(e -> e.prerequisites().codes().stream()).toList()) {
                if (catalog.microcredentials().containsKey(code) && (!given.contains(code) || have.contains(code))) {
                    wanted.add(code);
                }
            }
        }
        List<String> queue = new ArrayList<>(wanted);
        for (int i = 0; i < queue.size(); i++) {
            Microcredential m = catalog.microcredentials().get(queue.get(i));
            if (m != null && m.prerequisites() != null) {
                for (String p : m.prerequisites().codes()) {
                    if (catalog.microcredentials().containsKey(p) && (!given.contains(p) || have.contains(p))
                            && wanted.add(p)) {
                        queue.add(p);
                    }
                }
            }
        }
        List<Held> out = new ArrayList<>();
        for (String code : wanted) {
            out.add(Evaluator.held(catalog.microcredentials().get(code), firstIndex + out.size(),
                    have.contains(code) ? Held.Source.RENEWAL : Held.Source.PROSPECT, out.size(), asOf, null, null,
                    null, notYetGraded(catalog, catalog.microcredentials().get(code)), credit, asOf));
        }
        return out;
    }

    private static Held probe(Catalog catalog, CreditModel credit, Microcredential m, LocalDate asOf) {
        return Evaluator.held(m, -1, Held.Source.PROBE, -1, asOf, null, null, null, notYetGraded(catalog, m), credit,
                asOf);
    }

    /**
     * A credential not earned yet has no grade or mark: grade conditions take it as passed at the grade they ask
     * for (the engine checks grades on earned credentials only), on a first attempt.
     */
    private static Held.Grading notYetGraded(Catalog catalog, Microcredential m) {
        return Held.Grading.of(null, null, null, catalog.scaleOf(m));
    }
}
