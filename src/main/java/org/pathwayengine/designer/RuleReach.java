package org.pathwayengine.designer;

import org.drools.base.base.ClassObjectType;
import org.drools.base.base.ValueResolver;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.GroupElement;
import org.drools.base.rule.Pattern;
import org.drools.base.rule.RuleConditionElement;
import org.drools.base.rule.constraint.AlphaNodeFieldConstraint;
import org.drools.base.rule.constraint.Constraint;
import org.drools.core.common.DefaultFactHandle;
import org.drools.mvel.MVELConstraint;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;
import org.pathwayengine.model.RuleInfo;
import org.pathwayengine.model.Ruleset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which compiled rules can match a given fact: a rule can when one of its conditions (outside {@code not}) is a
 * pattern on the fact's type whose own constraints accept it; constraints that join other facts are left open.
 * It reads the KieBase, so it answers for what Drools runs rather than for a reading of the DRL text.
 */
public final class RuleReach {

    /** A rule that can match a fact, and the condition of that rule that does. */
    @Schema(name = "RuleMatch", description = "A rule that can match a fact: its id, where it is written, and the"
            + " condition that matches.")
    public record Match(String ruleId, String file, int line, String pattern) {
    }

    private record Condition(RuleInfo rule, Pattern pattern, Class<?> type) {
    }

    private final Ruleset ruleset;
    private final List<Condition> conditions = new ArrayList<>();

    public RuleReach(Ruleset ruleset) {
        this.ruleset = ruleset;
        Map<String, RuleInfo> byName = new HashMap<>();
        ruleset.rules().forEach(r -> byName.put(r.name(), r));
        ruleset.kieBase().getKiePackages().stream().flatMap(p -> p.getRules().stream())
                .forEach(rule -> {
                    RuleInfo info = byName.get(rule.getName());
                    if (info != null) {
                        positivePatterns(lhs(rule), conditions, info);
                    }
                });
    }

    /** The rules that can match this fact, by rule id; a rule is listed once, with its first matching pattern. */
    public List<Match> matching(Object fact) {
        List<Match> out = new ArrayList<>();
        KieSession session = ruleset.kieBase().newKieSession();
        try {
            ValueResolver resolver = (ValueResolver) session;
            DefaultFactHandle handle = new DefaultFactHandle(1, fact);
            for (Condition c : conditions) {
                boolean listed = out.stream().anyMatch(m -> m.ruleId().equals(c.rule().id()));
                if (!listed && c.type().isInstance(fact) && accepts(c.pattern(), handle, resolver)) {
                    out.add(new Match(c.rule().id(), c.rule().file(), c.rule().line(), text(c)));
                }
            }
        } finally {
            session.dispose();
        }
        out.sort(Comparator.comparing(Match::file).thenComparingInt(Match::line));
        return out;
    }

    /** The rules none of whose conditions is on any of these types: they decide regardless of such facts. */
    public List<RuleInfo> independentOf(Set<Class<?>> types) {
        return ruleset.rules().stream()
                .filter(r -> conditions.stream().noneMatch(c -> c.rule() == r
                        && types.stream().anyMatch(t -> c.type().isAssignableFrom(t))))
                .toList();
    }

    private static GroupElement lhs(Rule rule) {
        return ((RuleImpl) rule).getLhs();
    }

    private static void positivePatterns(RuleConditionElement element, List<Condition> into, RuleInfo rule) {
        if (element instanceof Pattern p) {
            // A pattern with a source ("from", "accumulate") matches what the source yields, not inserted facts.
            if (p.getSource() == null && p.getObjectType() instanceof ClassObjectType type) {
                into.add(new Condition(rule, p, type.getClassType()));
            }
        } else if (element instanceof GroupElement g && !g.isNot()) {
            g.getChildren().forEach(child -> positivePatterns(child, into, rule));
        }
    }

    private static boolean accepts(Pattern pattern, DefaultFactHandle handle, ValueResolver resolver) {
        for (Constraint c : pattern.getConstraints()) {
            if (c.getType() == Constraint.ConstraintType.ALPHA && c instanceof AlphaNodeFieldConstraint alpha
                    && !alpha.isAllowed(handle, resolver)) {
                return false;
            }
        }
        return true;
    }

    private static String text(Condition c) {
        List<String> constraints = new ArrayList<>();
        for (Constraint k : c.pattern().getConstraints()) {
            if (k instanceof MVELConstraint m) {
                constraints.add(m.getExpression());
            }
        }
        String type = c.type().getSimpleName();
        return constraints.isEmpty() ? type + "()" : type + "( " + String.join(", ", constraints) + " )";
    }
}
