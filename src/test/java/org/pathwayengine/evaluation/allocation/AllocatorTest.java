package org.pathwayengine.evaluation.allocation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Named allocation cases a registrar would recognise. */
class AllocatorTest {

    private static final double NO_CAP = Double.POSITIVE_INFINITY;

    private final Allocator allocator = new Allocator(1_000_000);

    private static ReqNode.Leaf leaf(String id, int index, double need, double effortPerUnit) {
        return new ReqNode.Leaf(id, index, need, NO_CAP, effortPerUnit, false);
    }

    private static ReqNode.AllOf allOf(String id, ReqNode... children) {
        return new ReqNode.AllOf(id, List.of(children));
    }

    @Test
    void greedyTrapPutsTheFlexibleCredentialWhereOnlyItFits() {
        // X fits both A and B, Y fits only A. First-fit puts X in A and leaves B empty.
        int x = 0;
        int y = 1;
        AllocationProblem problem = new AllocationProblem(
                allOf("diploma", leaf("A: Databases", 0, 1, 40), leaf("B: Networks", 1, 1, 40)),
                2,
                List.of(new Edge(x, 0, 1), new Edge(x, 1, 1), new Edge(y, 0, 1)));

        Allocation result = allocator.allocate(problem);

        assertThat(result.satisfied()).isTrue();
        assertThat(result.remainingEffort()).isZero();
        assertThat(result.leafOf()).containsExactly(1, 0);
        assertThat(result.exact()).isTrue();
    }

    @Test
    void twoOfThreeElectivesNeedsTheRightSplit() {
        ReqNode tree = allOf("certificate",
                leaf("core: Intro to Analytics", 0, 1, 40),
                new ReqNode.AtLeast("electives: any 2 of 3", 2, List.of(
                        leaf("elective: Visualisation", 1, 1, 40),
                        leaf("elective: Statistics", 2, 1, 40),
                        leaf("elective: Ethics", 3, 1, 40))));
        // Credential 1 fits Visualisation or Statistics; credential 2 fits only Visualisation.
        AllocationProblem problem = new AllocationProblem(tree, 3, List.of(
                new Edge(0, 0, 1),
                new Edge(1, 1, 1), new Edge(1, 2, 1),
                new Edge(2, 1, 1)));

        Allocation result = allocator.allocate(problem);

        assertThat(result.satisfied()).isTrue();
        assertThat(result.leafOf()).containsExactly(0, 2, 1);
        assertThat(result.nodes().get("electives: any 2 of 3")).isEqualTo(new NodeState(true, 0));
        assertThat(result.nodes().get("elective: Ethics")).isEqualTo(new NodeState(false, 40));
    }

    @Test
    void creditsBeyondTheCapDoNotCount() {
        // "30 credits, at most 20 of them from Acme": two 15-credit Acme badges give 20 recognised credits.
        ReqNode.Leaf acme = new ReqNode.Leaf("Acme credits (max 20 recognised)", 0, 30, 20, 2, false);
        AllocationProblem problem = new AllocationProblem(allOf("award", acme), 2,
                List.of(new Edge(0, 0, 15), new Edge(1, 0, 15)));

        Allocation result = allocator.allocate(problem);

        assertThat(result.leafUnits()).containsExactly(20);
        assertThat(result.satisfied()).isFalse();
        assertThat(result.remainingEffort()).isCloseTo(10 * 2, within(1e-9));
    }

    @Test
    void capSendsSurplusCreditsToTheOpenPool() {
        ReqNode tree = allOf("award",
                new ReqNode.Leaf("Acme credits (at most 20 count)", 0, 20, 20, 1, false),
                leaf("Credits from any issuer", 1, 20, 5));
        int acme30 = 0;
        int acme10 = 1;
        AllocationProblem problem = new AllocationProblem(tree, 2, List.of(
                new Edge(acme30, 0, 30), new Edge(acme30, 1, 30),
                new Edge(acme10, 0, 10), new Edge(acme10, 1, 10)));

        Allocation result = allocator.allocate(problem);

        // 30 credits in the Acme leaf would be cut to 20; in the open pool all of them count.
        assertThat(result.leafOf()).containsExactly(1, 0);
        assertThat(result.leafUnits()).containsExactly(10, 30);
        assertThat(result.remainingEffort()).isCloseTo(10, within(1e-9));
    }

    @Test
    void shareableLeafCountsACredentialTwice() {
        ReqNode tree = allOf("degree",
                leaf("core: Data Structures", 0, 1, 40),
                new ReqNode.Leaf("writing-intensive: any 1", 1, 1, NO_CAP, 10, true));
        AllocationProblem problem = new AllocationProblem(tree, 1,
                List.of(new Edge(0, 0, 1), new Edge(0, 1, 1)));

        Allocation result = allocator.allocate(problem);

        assertThat(result.satisfied()).isTrue();
        assertThat(result.leafOf()).containsExactly(0);
        assertThat(result.countedIn()).containsExactly(List.of(0, 1));
        assertThat(result.leafUnits()).containsExactly(1, 1);
    }

    @Test
    void unsatisfiableProblemPicksTheLeastRemainingEffort() {
        // One credential, two pathways: Projects is further from done but each missing unit is cheaper.
        ReqNode tree = new ReqNode.AtLeast("either pathway", 1, List.of(
                leaf("Projects: 3 credentials", 0, 3, 10),
                leaf("Studio: 2 credentials", 1, 2, 40)));
        AllocationProblem problem = new AllocationProblem(tree, 1,
                List.of(new Edge(0, 0, 1), new Edge(0, 1, 1)));

        Allocation result = allocator.allocate(problem);

        assertThat(result.satisfied()).isFalse();
        assertThat(result.leafOf()).containsExactly(0);
        assertThat(result.remainingEffort()).isCloseTo(20, within(1e-9));
        assertThat(result.nodes().get("Studio: 2 credentials")).isEqualTo(new NodeState(false, 80));
        assertThat(result.exact()).isTrue();
    }

    @Test
    void identicalCredentialsAreAllocatedReproducibly() {
        AllocationProblem problem = new AllocationProblem(
                allOf("award", leaf("A", 0, 1, 1), leaf("B", 1, 1, 1)), 2,
                List.of(new Edge(0, 0, 1), new Edge(0, 1, 1),
                        new Edge(1, 0, 1), new Edge(1, 1, 1)));

        Allocation first = allocator.allocate(problem);
        Allocation second = allocator.allocate(problem);

        assertThat(first.leafOf()).containsExactly(0, 1);
        assertThat(second.leafOf()).containsExactly(first.leafOf());
    }

    @Test
    void credentialsWithNowhereToGoAreLeftOut() {
        AllocationProblem problem = new AllocationProblem(allOf("award", leaf("A", 0, 2, 5)), 2,
                List.of(new Edge(1, 0, 1)));

        Allocation result = allocator.allocate(problem);

        assertThat(result.leafOf()).containsExactly(-1, 0);
        assertThat(result.countedIn()).containsExactly(List.of(), List.of(0));
        assertThat(result.remainingEffort()).isCloseTo(5, within(1e-9));
    }

    @Test
    void exhaustedBudgetReturnsBestFoundAndSaysSo() {
        AllocationProblem problem = crowdedProblem();

        Allocation cut = new Allocator(3).allocate(problem);
        Allocation full = new Allocator(1_000_000).allocate(problem);

        assertThat(cut.exact()).isFalse();
        assertThat(cut.explored()).isEqualTo(3);
        assertThat(cut.leafOf()).hasSize(problem.credentialCount());
        assertThat(java.util.Arrays.stream(cut.leafOf()).boxed().toList()).allMatch(l -> l >= 0 && l < 3);
        assertThat(cut.remainingEffort()).isGreaterThanOrEqualTo(full.remainingEffort());
        assertThat(full.exact()).isTrue();
        assertThat(full.remainingEffort()).isCloseTo(7, within(1e-9));
    }

    // Five credentials, each fitting any of three leaves needing two each: one unit must stay missing.
    private static AllocationProblem crowdedProblem() {
        ReqNode tree = allOf("award", leaf("A", 0, 2, 7), leaf("B", 1, 2, 7), leaf("C", 2, 2, 7));
        List<Edge> candidates = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            for (int l = 0; l < 3; l++) {
                candidates.add(new Edge(c, l, 1));
            }
        }
        return new AllocationProblem(tree, 5, candidates);
    }

    @Test
    void transcriptSizedProblemsAreSolvedExactly() {
        Random rnd = new Random(42);
        Allocator bounded = new Allocator(200_000);
        for (int i = 0; i < 20; i++) {
            AllocationProblem problem = programme(rnd, 60);
            Allocation result = bounded.allocate(problem);
            assertThat(result.exact()).as("programme #%d explored %d", i, result.explored()).isTrue();
        }
    }

    // A 30-leaf programme (core, 3-of-6 electives, credit pools with caps, shareable writing, 1-of-2 specialisms).
    private static AllocationProblem programme(Random rnd, int credentials) {
        List<ReqNode> core = new ArrayList<>();
        List<ReqNode> electives = new ArrayList<>();
        List<ReqNode> credits = new ArrayList<>();
        List<ReqNode> writing = new ArrayList<>();
        List<ReqNode> spec0 = new ArrayList<>();
        List<ReqNode> spec1 = new ArrayList<>();
        int index = 0;
        for (int i = 0; i < 10; i++, index++) {
            core.add(leaf("core " + i, index, 1, 40));
        }
        for (int i = 0; i < 6; i++, index++) {
            electives.add(leaf("elective list " + i, index, 2, 40));
        }
        int firstCredit = index;
        for (int i = 0; i < 5; i++, index++) {
            double cap = rnd.nextBoolean() ? 30 : NO_CAP;
            credits.add(new ReqNode.Leaf("credit pool " + i, index, 20 + rnd.nextInt(20), cap, 3, false));
        }
        for (int i = 0; i < 2; i++, index++) {
            writing.add(new ReqNode.Leaf("writing " + i, index, 2, NO_CAP, 10, true));
        }
        for (int i = 0; i < 3; i++, index++) {
            spec0.add(leaf("specialism A " + i, index, 1 + rnd.nextInt(2), 40));
        }
        for (int i = 0; i < 4; i++, index++) {
            spec1.add(leaf("specialism B " + i, index, 1 + rnd.nextInt(2), 40));
        }
        ReqNode tree = new ReqNode.AllOf("award", List.of(
                new ReqNode.AllOf("core", core),
                new ReqNode.AtLeast("electives", 3, electives),
                new ReqNode.AllOf("credits", credits),
                new ReqNode.AllOf("writing", writing),
                new ReqNode.AtLeast("specialism", 1, List.of(
                        new ReqNode.AllOf("specialism A", spec0), new ReqNode.AllOf("specialism B", spec1)))));
        int leafCount = index;
        List<Edge> candidates = new ArrayList<>();
        for (int c = 0; c < credentials; c++) {
            int creditValue = 5 + 5 * rnd.nextInt(4);
            java.util.SortedSet<Integer> fits = new java.util.TreeSet<>();
            int spread = 1 + rnd.nextInt(4);
            for (int j = 0; j < spread; j++) {
                fits.add(rnd.nextInt(leafCount));
            }
            if (rnd.nextBoolean()) {
                fits.add(firstCredit + rnd.nextInt(5));
            }
            for (int l : fits) {
                boolean creditLeaf = l >= firstCredit && l < firstCredit + 5;
                candidates.add(new Edge(c, l, creditLeaf ? creditValue : 1));
            }
        }
        return new AllocationProblem(tree, credentials, candidates);
    }

    @Test
    void invalidInputIsRejectedWithAClearMessage() {
        ReqNode twoLeaves = allOf("root", leaf("a", 0, 1, 1), leaf("b", 1, 1, 1));

        assertThatThrownBy(() -> new AllocationProblem(allOf("root", leaf("a", 0, 1, 1), leaf("b", 0, 1, 1)), 0,
                List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share index 0");
        assertThatThrownBy(() -> new AllocationProblem(allOf("root", leaf("a", 1, 1, 1)), 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1");
        assertThatThrownBy(() -> new AllocationProblem(twoLeaves, 1, List.of(new Edge(1, 0, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credential 1 is out of range");
        assertThatThrownBy(() -> new AllocationProblem(twoLeaves, 1, List.of(new Edge(0, 2, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names leaf 2");
        assertThatThrownBy(() -> new AllocationProblem(twoLeaves, 1,
                List.of(new Edge(0, 0, 1), new Edge(0, 0, 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate candidate");
        assertThatThrownBy(() -> new AllocationProblem(allOf("x", leaf("x", 0, 1, 1)), 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x' occurs more than once");
        assertThatThrownBy(() -> new ReqNode.AtLeast("n of m", -1, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count must be >= 0");
        assertThatThrownBy(() -> new ReqNode.AtLeast("n of m", 2, List.of(leaf("a", 0, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> leaf("a", 0, -1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need must be");
        assertThatThrownBy(() -> new ReqNode.Leaf("a", 0, 1, Double.NaN, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cap must be");
        assertThatThrownBy(() -> new Edge(0, 0, -3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight must be");
        assertThatThrownBy(() -> new AllocationProblem(twoLeaves, -1, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credentialCount");
        assertThatThrownBy(() -> new Allocator(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeBudget");
        assertThatThrownBy(() -> allocator.allocate(null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
