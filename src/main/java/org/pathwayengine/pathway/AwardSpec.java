package org.pathwayengine.pathway;

/**
 * One qualification of a pathway and the requirement tree that earns it.
 */
public record AwardSpec(String qualification, RequirementSpec requires) {
}
