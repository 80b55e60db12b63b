package org.pathwayengine.evaluation;

/**
 * The rules did not settle: the policies kept firing past the cap (a rule re-triggers itself) or the rules ran past
 * the time limit. A ruleset defect, not bad input.
 */
public class RulesDidNotSettleException extends RuntimeException {
    public RulesDidNotSettleException(String message) {
        super(message);
    }
}
