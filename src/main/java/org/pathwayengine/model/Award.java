package org.pathwayengine.model;

import org.pathwayengine.catalog.QualificationEntry;

/**
 * A qualification with its resolved requirement tree (nested exit awards inlined) and the pathway it is on.
 */
public record Award(QualificationEntry qualification, String pathway, String source, RequirementTree root,
                                AwardSpec.AwardCredit credit) {
}
