package org.pathwayengine.evaluation.planning;

import org.junit.jupiter.api.Test;
import org.pathwayengine.evaluation.allocation.AllocationProblem;
import org.pathwayengine.evaluation.allocation.Allocator;
import org.pathwayengine.evaluation.allocation.Edge;
import org.pathwayengine.evaluation.allocation.ReqNode;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PlannerTest {

    private static final Planner PLANNER = new Planner(100_000);

    private static Item item(String code, double hours, double credits, Integer... requires) {
        return new Item(code, hours, credits, List.of(requires));
    }

    private static Predicate<BitSet> all(int... indexes) {
        return s -> {
            for (int i : indexes) {
                if (!s.get(i)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Predicate<BitSet> atLeast(int count) {
        return s -> s.cardinality() >= count;
    }

    private static Plan only(PlanResult result) {
        assertThat(result.exact()).isTrue();
        assertThat(result.plans()).hasSize(1);
        return result.plans().get(0);
    }

    @Test
    void cheapestSingleCredentialBeatsTwoCheapOnes() {
        List<Item> items = List.of(item("BIG", 30, 10), item("SMALL-1", 20, 5), item("SMALL-2", 20, 5));
        Plan plan = only(PLANNER.plan(items, all(0).or(all(1, 2)), 1));

        assertThat(plan.items()).containsExactly(0);
        assertThat(plan.hours()).isEqualTo(30.0);
        assertThat(plan.credits()).isEqualTo(10.0);
    }

    @Test
    void twoCheapCredentialsBeatOneWhenCheaperInTotal() {
        List<Item> items = List.of(item("BIG", 50, 10), item("SMALL-1", 20, 5), item("SMALL-2", 20, 5));
        Plan plan = only(PLANNER.plan(items, all(0).or(all(1, 2)), 1));

        assertThat(plan.items()).containsExactly(1, 2);
        assertThat(plan.hours()).isEqualTo(40.0);
    }

    @Test
    void prerequisitesArePulledInAndOrderedFirst() {
        // ADV needs BASE, which needs INTRO; the only alternative to ADV is far more expensive than the chain.
        List<Item> items = List.of(
                item("ADV", 40, 15, 2),
                item("ALTERNATIVE", 300, 15),
                item("BASE", 20, 10, 3),
                item("INTRO", 5, 0));
        Plan plan = only(PLANNER.plan(items, all(0).or(all(1)), 1));

        assertThat(plan.items()).containsExactly(3, 2, 0);
        assertThat(plan.hours()).isEqualTo(65.0);
        assertThat(plan.credits()).isEqualTo(25.0);
    }

    @Test
    void prerequisitesMakeAnOtherwiseCheapCredentialLoseToAnAlternative() {
        List<Item> items = List.of(
                item("ADV", 40, 15, 2),
                item("ALTERNATIVE", 60, 15),
                item("BASE", 30, 10));
        Plan plan = only(PLANNER.plan(items, all(0).or(all(1)), 1));

        assertThat(plan.items()).containsExactly(1);
    }

    @Test
    void itemWhosePrerequisiteIsAlreadyHeldIsPlannedAlone() {
        // The caller leaves held credentials out of the catalogue, so ADV arrives with no open requirements.
        List<Item> items = List.of(item("ADV", 40, 15), item("OTHER", 10, 5));
        Plan plan = only(PLANNER.plan(items, all(0), 1));

        assertThat(plan.items()).containsExactly(0);
        assertThat(plan.hours()).isEqualTo(40.0);
    }

    @Test
    void equalHoursAreDecidedByCredits() {
        List<Item> items = List.of(item("MORE-CREDITS", 40, 15), item("FEWER-CREDITS", 40, 10));
        Plan plan = only(PLANNER.plan(items, all(0).or(all(1)), 1));

        assertThat(plan.items()).containsExactly(1);
        assertThat(plan.credits()).isEqualTo(10.0);
    }

    @Test
    void equalCostIsDecidedByFewerItemsThenByCodes() {
        List<Item> items = List.of(item("ZED", 20, 0), item("HALF-A", 10, 0), item("HALF-B", 10, 0),
                item("ABC", 20, 0));
        Predicate<BitSet> goal = all(0).or(all(1, 2)).or(all(3));

        PlanResult result = PLANNER.plan(items, goal, 3);

        assertThat(result.plans()).extracting(Plan::items)
                .containsExactly(List.of(3), List.of(0), List.of(1, 2));
    }

    @Test
    void costsAreComparedAtAMillionthSoDecimalSumsTie() {
        // 0.1 + 0.2 is 0.30000000000000004 in binary floating point; it still ties with 0.3 and credits decide.
        List<Item> items = List.of(item("WHOLE", 0.3, 5), item("PART-1", 0.1, 0), item("PART-2", 0.2, 0));
        Plan plan = only(PLANNER.plan(items, all(0).or(all(1, 2)), 1));

        assertThat(plan.items()).containsExactly(1, 2);
        assertThat(plan.hours()).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void secondBestPlanIsReturnedAndIsNotASupersetOfTheFirst() {
        List<Item> items = List.of(item("BIG", 30, 10), item("SMALL-1", 20, 5), item("SMALL-2", 20, 5));
        PlanResult result = PLANNER.plan(items, all(0).or(all(1, 2)), 2);

        assertThat(result.exact()).isTrue();
        assertThat(result.plans()).extracting(Plan::items).containsExactly(List.of(0), List.of(1, 2));
    }

    @Test
    void supersetsOfEarlierPlansAreSkippedEvenIfFewerPlansResult() {
        List<Item> items = List.of(item("A", 10, 0), item("B", 20, 0), item("C", 1, 0));
        // Any superset of {A} or {B} satisfies the goal; only those two are minimal.
        PlanResult result = PLANNER.plan(items, all(0).or(all(1)), 5);

        assertThat(result.exact()).isTrue();
        assertThat(result.plans()).extracting(Plan::items).containsExactly(List.of(0), List.of(1));
    }

    @Test
    void freeItemsThatDoNotHelpAreNotAdded() {
        List<Item> items = List.of(item("FREE", 0, 0), item("NEEDED", 25, 5), item("ALSO-FREE", 0, 0));
        Plan plan = only(PLANNER.plan(items, all(1), 1));

        assertThat(plan.items()).containsExactly(1);
    }

    @Test
    void goalAlreadyMetGivesOneEmptyPlan() {
        PlanResult result = PLANNER.plan(List.of(item("A", 10, 0)), s -> true, 3);

        assertThat(result.exact()).isTrue();
        assertThat(result.plans()).containsExactly(new Plan(List.of(), 0, 0));
    }

    @Test
    void unreachableGoalGivesNoPlans() {
        PlanResult result = PLANNER.plan(List.of(item("A", 10, 0), item("B", 5, 0)), atLeast(3), 1);

        assertThat(result.exact()).isTrue();
        assertThat(result.plans()).isEmpty();
    }

    @Test
    void emptyCatalogueGivesNoPlansUnlessTheGoalIsMet() {
        assertThat(PLANNER.plan(List.of(), s -> false, 1).plans()).isEmpty();
        assertThat(PLANNER.plan(List.of(), s -> true, 1).plans()).containsExactly(new Plan(List.of(), 0, 0));
    }

    @Test
    void planOrderListsReadyItemsLowestIndexFirst() {
        // 0 needs 3 and 1; 1 needs 2.
        List<Item> items = List.of(item("TOP", 10, 0, 3, 1), item("MID", 10, 0, 2), item("LOW", 10, 0),
                item("SIDE", 10, 0));
        Plan plan = only(PLANNER.plan(items, all(0), 1));

        assertThat(plan.items()).containsExactly(2, 1, 3, 0);
    }

    @Test
    void worksWithARequirementTreeDecidedByTheAllocator() {
        // Two core units, then two electives from four; elective E3 needs E1 first.
        List<Item> items = List.of(
                item("CORE-1", 60, 15),
                item("CORE-2", 40, 10),
                item("E1", 30, 5),
                item("E2", 50, 5),
                item("E3", 10, 5, 2),
                item("E4", 45, 5));
        ReqNode tree = new ReqNode.AllOf("qualification", List.of(
                new ReqNode.Leaf("core-1", 0, 1, 1, 1, false),
                new ReqNode.Leaf("core-2", 1, 1, 1, 1, false),
                new ReqNode.Leaf("electives", 2, 2, Double.POSITIVE_INFINITY, 1, false)));
        List<Edge> candidates = List.of(new Edge(0, 0, 1), new Edge(1, 1, 1),
                new Edge(2, 2, 1), new Edge(3, 2, 1), new Edge(4, 2, 1), new Edge(5, 2, 1));
        Allocator allocator = new Allocator(100_000);
        Predicate<BitSet> goal = s -> {
            List<Edge> held = new ArrayList<>();
            for (Edge c : candidates) {
                if (s.get(c.credential())) {
                    held.add(c);
                }
            }
            return allocator.allocate(new AllocationProblem(tree, items.size(), held)).satisfied();
        };

        PlanResult result = PLANNER.plan(items, goal, 2);

        assertThat(result.exact()).isTrue();
        // Cheapest electives: E1 + E3 (40 hours, E3 needs E1 anyway); next: E1 + E4 (75 hours).
        assertThat(result.plans()).extracting(Plan::items)
                .containsExactly(List.of(0, 1, 2, 4), List.of(0, 1, 2, 5));
        assertThat(result.plans().get(0).hours()).isEqualTo(140.0);
        assertThat(result.plans().get(1).hours()).isEqualTo(175.0);
    }

    @Test
    void cataloguesLargerThanOneMachineWordWork() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            items.add(item(String.format("M%02d", i), 10 + (i * 13) % 50, 1));
        }
        items.set(1, item("M01", 1000, 1));
        items.set(66, item("M66", 10, 1, 2));
        items.set(2, item("M02", 10, 1, 65));

        Plan chain = only(PLANNER.plan(items, all(66).or(all(1)), 1));
        assertThat(chain.items()).containsExactly(65, 2, 66);

        Plan cheapest = only(PLANNER.plan(items, atLeast(3), 1));
        // Hours are 10 + 13i mod 50: items 0 and 50 take 10 hours and item 27 (13 * 27 = 351) takes 11.
        assertThat(cheapest.items()).containsExactly(0, 27, 50);
        assertThat(cheapest.hours()).isEqualTo(31.0);
    }

    @Test
    void exploredCountsEveryCallOfTheGoal() {
        AtomicLong calls = new AtomicLong();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            items.add(item("U" + i, 10 + i, 1));
        }
        PlanResult result = PLANNER.plan(items, s -> {
            calls.incrementAndGet();
            return s.cardinality() >= 3;
        }, 1);

        assertThat(only(result).items()).containsExactly(0, 1, 2);
        assertThat(result.explored()).isGreaterThanOrEqualTo(calls.get());
    }

    @Test
    void budgetExhaustionGivesAnInexactButValidFallbackPlan() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            items.add(item("U" + i, 10 + 7 * i % 11, i % 4));
        }
        Predicate<BitSet> goal = atLeast(4);

        PlanResult result = new Planner(5).plan(items, goal, 1);

        assertThat(result.exact()).isFalse();
        // The fallback shrinks the full catalogue to a minimal satisfying set, finishing past the budget if it must.
        assertThat(result.explored()).isLessThanOrEqualTo(5 + items.size());
        assertThat(result.plans()).hasSize(1);
        assertThat(result.plans().get(0).items()).hasSize(4);
    }

    @Test
    void budgetExhaustionAfterSomePlansKeepsThem() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            items.add(item("U" + (char) ('A' + i), 10 + i, 0));
        }
        Predicate<BitSet> goal = atLeast(3);
        PlanResult exact = PLANNER.plan(items, goal, 50);
        assertThat(exact.exact()).isTrue();
        assertThat(exact.plans()).hasSize(50);

        PlanResult cut = new Planner(exact.explored() / 2).plan(items, goal, 50);

        assertThat(cut.exact()).isFalse();
        assertThat(cut.explored()).isEqualTo(exact.explored() / 2);
        assertThat(cut.plans()).isNotEmpty().hasSizeLessThan(50);
        assertThat(cut.plans()).isEqualTo(exact.plans().subList(0, cut.plans().size()));
    }

    @Test
    void prerequisiteCycleIsRejected() {
        List<Item> items = List.of(item("A", 10, 0, 1), item("B", 10, 0, 2), item("C", 10, 0, 0));

        assertThatThrownBy(() -> PLANNER.plan(items, s -> true, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prerequisite cycle")
                .hasMessageContaining("'A'").hasMessageContaining("'B'").hasMessageContaining("'C'");
    }

    @Test
    void invalidInputIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> PLANNER.plan(List.of(item("A", 10, 0, 0)), s -> true, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requires itself");
        assertThatThrownBy(() -> PLANNER.plan(List.of(item("A", 10, 0, 4)), s -> true, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requires index 4");
        assertThatThrownBy(() -> PLANNER.plan(List.of(item("A", 10, 0, -1)), s -> true, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requires index -1");
        assertThatThrownBy(() -> item("A", -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hours");
        assertThatThrownBy(() -> item("A", 1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credits");
        assertThatThrownBy(() -> item("A", Double.POSITIVE_INFINITY, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hours");
        assertThatThrownBy(() -> PLANNER.plan(List.of(item("A", 1, 0)), null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("goal");
        assertThatThrownBy(() -> PLANNER.plan(List.of(item("A", 1, 0)), s -> true, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> new Planner(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget");
    }
}
