package org.pathwayengine.pathway;

import org.pathwayengine.catalog.Qualification;

/**
 * A qualification with its resolved requirement tree (nested exit awards inlined) and the pathway it is on.
 */
public record QualificationPlan(Qualification qualification, String pathway, String source, Requirement root,
                                AwardSpec.AwardCredit credit) {
}
