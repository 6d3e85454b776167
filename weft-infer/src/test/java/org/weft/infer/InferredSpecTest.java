package org.weft.infer;

import org.weft.Mode;
import org.weft.Region;
import org.weft.Task;
import org.weft.Weft;
import org.weft.engine.Engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.deps.AccessRec;
import org.weft.infer.check.Contradicting;
import org.weft.infer.corpus.Corpus;
import org.weft.infer.corpus.Shapes;
import org.weft.spec.Explanation;
import org.weft.spec.SpecPolicy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Mode.IN;
import static org.weft.Mode.INOUT;
import static org.weft.Mode.OUT;

/**
 * Modes of raw arguments at spawn with weft-infer on the class path: inferred where nothing is declared,
 * below declared specs and wrappers, per receiver class for virtual calls, and only under the INFER policy.
 * (Reads the accesses a spawn registered through {@code Engine.specOf}, exported to this module's tests.)
 */
@Timeout(60)
class InferredSpecTest {
    private final double[] x = new double[4], y = new double[4];

    static final class K {
        static void declaredOverInference(double[] a, double[] b) {
            b[0] = a[0];
        }
    }

    /** The mode each argument of the task that {@code spawn} makes was registered with, before it runs. */
    private Mode[] modes(Weft weft, Function<Region, Task<?>> spawn) {
        AtomicReference<Mode[]> got = new AtomicReference<>();
        CountDownLatch gate = new CountDownLatch(1);
        weft.region(r -> {
            r.spawn(() -> {
                if (!gate.await(20, TimeUnit.SECONDS)) throw new AssertionError("gate");
            }, inOut(x), inOut(y));
            try {
                java.util.List<AccessRec> recs = Engine.specOf(spawn.apply(r)).accesses();
                int n = 0;
                for (AccessRec a : recs) n = Math.max(n, a.argIndex + 1);
                Mode[] out = new Mode[n];
                for (AccessRec a : recs) if (a.argIndex >= 0) out[a.argIndex] = a.mode;    // -1: a captured value
                got.set(out);
            } finally {
                gate.countDown();
            }
        });
        return got.get();
    }

    private Mode[] modes(Function<Region, Task<?>> spawn) {
        try (Weft weft = Weft.builder().workers(2).build()) {
            return modes(weft, spawn);
        }
    }

    @Test
    void rawArgumentsGetTheInferredModes() {
        assertArrayEquals(new Mode[]{IN, INOUT}, modes(r -> r.spawn(Corpus::callsHelper, x, y)));
        assertArrayEquals(new Mode[]{OUT, IN}, modes(r -> r.spawn(Corpus::setAllFrom, x, y)));
        Explanation e = Weft.explain(Corpus::callsHelper);
        assertEquals(Explanation.Source.INFERRED, e.params().get(1).source());
    }

    @Test
    void declaredSpecsAndWrappersComeFirst() {
        assertArrayEquals(new Mode[]{IN, INOUT}, modes(r -> r.spawn(Contradicting::claimsToRead, x, y)), "the annotation is taken at its word");
        assertArrayEquals(new Mode[]{INOUT, INOUT}, modes(r -> r.spawn(Contradicting::claimsToRead, inOut(x), y)));
        assertArrayEquals(new Mode[]{IN, INOUT}, modes(r -> r.spawn(K::declaredOverInference, x, y)));
        Weft.declare(K::declaredOverInference, INOUT, IN);
        assertArrayEquals(new Mode[]{INOUT, IN}, modes(r -> r.spawn(K::declaredOverInference, x, y)));
        assertArrayEquals(new Mode[]{IN, IN}, modes(r -> r.spawn(K::declaredOverInference, in(x), y)));
    }

    @Test
    void theReceiversClassSelectsWhatIsInferred() {
        Shapes.Shape reader = new Shapes.Reader(), writer = new Shapes.Writer();
        assertArrayEquals(new Mode[]{IN, IN}, modes(r -> r.spawn(Shapes.Shape::apply, reader, x)));
        assertArrayEquals(new Mode[]{IN, INOUT}, modes(r -> r.spawn(Shapes.Shape::apply, writer, x)));
        assertArrayEquals(new Mode[]{IN}, modes(r -> r.spawn(reader::apply, x)));
        assertArrayEquals(new Mode[]{INOUT}, modes(r -> r.spawn(writer::apply, x)));
    }

    @Test
    void anInferredOutOverlappedByAnotherArgumentBecomesInOut() {
        assertArrayEquals(new Mode[]{INOUT, IN}, modes(r -> r.spawn(Corpus::setAllFrom, x, x)));
    }

    @Test
    void twoArgumentsNamingTheSameArrayStayOrderedAgainstOtherTasks() {
        double[] a = {1, 0, 0, 0};
        try (Weft weft = Weft.builder().workers(4).build()) {
            for (int round = 0; round < 50; round++) {
                weft.region(r -> {
                    r.spawn(Corpus::twoParameters, a, a);              // a[0] = a[0] + 1, via IN a and INOUT b
                    r.spawn(Corpus::scale, a, 2.0);
                });
            }
        }
        double expect = 1;
        for (int round = 0; round < 50; round++) expect = (expect + 1) * 2;
        assertEquals(expect, a[0]);
    }

    @Test
    void onlyTheInferPolicyInfers() {
        try (Weft weft = Weft.builder().workers(2).specPolicy(SpecPolicy.READ_BY_DEFAULT).build()) {
            assertArrayEquals(new Mode[]{IN, IN}, modes(weft, r -> r.spawn(Corpus::callsHelper, x, y)));
        }
        try (Weft weft = Weft.builder().workers(2).specPolicy(SpecPolicy.STRICT).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> weft.region(r -> r.spawn(Corpus::callsHelper, x, y)));
            assertTrue(e.getMessage().contains("argument 1: no access mode for a double[] under the STRICT spec policy"), e.getMessage());
        }
    }
}
