package org.pathwayengine.evaluation;

/**
 * The policy rules kept firing past the limit: a rule re-triggers itself. A ruleset defect, not bad input.
 */
public class RulesDidNotSettleException extends RuntimeException {
    public RulesDidNotSettleException(String message) {
        super(message);
    }
}
