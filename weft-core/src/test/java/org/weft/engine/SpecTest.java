package org.weft.engine;

import org.weft.Mode;
import org.weft.Proc1;
import org.weft.Proc2;
import org.weft.Region;
import org.weft.Sync;
import org.weft.Task;
import org.weft.Weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.spec.Commutative;
import org.weft.spec.Explanation;
import org.weft.spec.In;
import org.weft.spec.InOut;
import org.weft.spec.Out;
import org.weft.spec.SpecPolicy;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;
import static org.weft.Access.val;
import static org.weft.Mode.COMMUTATIVE;
import static org.weft.Mode.IN;
import static org.weft.Mode.INOUT;
import static org.weft.Mode.OUT;
import static org.weft.Mode.VALUE;

/**
 * Where raw arguments get their modes, without weft-infer on the class path: wrapper over declared spec
 * over the policy's default; annotations and {@link Weft#declare} by method reference and by signature,
 * per overload; the implementation chosen by the receiver's class; the three policies; explanations.
 */
@Timeout(60)
class SpecTest {
    private final double[] x = new double[4], y = new double[4], z = new double[4], w = new double[4];

    static final class K {
        static void plain(double[] a, double[] b) { }
        static void annotated(@In double[] a, @InOut double[] b, @Out double[] c, @Commutative double[] d) { }
        static void partlyAnnotated(@In double[] a, double[] b) { }
        static void scalar(double s, double[] a) { }
        static void over(double[] a) { }
        static void over(double[] a, double[] b) { }
        static void declaredByReference(double[] a, double[] b, double[] c) { }
        static void declaredBySignature(double[] a, double[] b) { }
        static void declaredOverAnnotation(@InOut double[] a) { }
        static void declaredLate(double[] a) { }
        static void strictDeclared(double[] a) { }
        static void copy(@In double[] from, @Out double[] to) { }
        static void named(String s, double[] a) { }
    }

    interface Op {
        void run(@In double[] a);
    }

    static class InheritsIn implements Op {
        @Override
        public void run(double[] a) { }
    }

    static class Writes implements Op {
        @Override
        public void run(@InOut double[] a) { }
    }

    static class WritesMore extends Writes {
    }

    private Mode[] spawnModes(Weft weft, java.util.function.Function<Region, Task<?>> spawn) {
        AtomicReference<Mode[]> got = new AtomicReference<>();
        SpecProbe.behindGate(weft, new Object[]{x, y, z, w}, r -> got.set(SpecProbe.modes(spawn.apply(r))));
        return got.get();
    }

    private Mode[] spawnModes(java.util.function.Function<Region, Task<?>> spawn) {
        try (Weft weft = Weft.builder().workers(2).build()) {
            return spawnModes(weft, spawn);
        }
    }

    @Test
    void withoutInferenceARawArgumentIsInOutAndSaysWhy() {
        assertArrayEquals(new Mode[]{INOUT, INOUT}, spawnModes(r -> r.spawn(K::plain, x, y)));
        Explanation e = Weft.explain(K::plain);
        assertEquals(Explanation.Source.DEFAULT, e.params().get(0).source());
        assertEquals("weft-infer not on the class path", e.params().get(0).reason());
        assertEquals(SpecPolicy.INFER, SpecPolicy.values()[0]);
    }

    @Test
    void annotationsGiveTheModes() {
        assertArrayEquals(new Mode[]{IN, INOUT, OUT, COMMUTATIVE}, spawnModes(r -> r.spawn(K::annotated, x, y, z, w)));
        assertArrayEquals(new Mode[]{IN, INOUT}, spawnModes(r -> r.spawn(K::partlyAnnotated, x, y)));
        Explanation e = Weft.explain(K::annotated);
        assertEquals(Explanation.Source.ANNOTATED, e.params().get(2).source());
        assertEquals("annotated @Out", e.params().get(2).reason());
    }

    @Test
    void aWrapperBeatsTheDeclaredSpec() {
        assertArrayEquals(new Mode[]{INOUT, IN, IN, COMMUTATIVE}, spawnModes(r -> r.spawn(K::annotated, inOut(x), in(y), in(z), w)));
    }

    @Test
    void valuesStayValuesWhateverTheSpec() {
        Mode[] m = spawnModes(r -> r.spawn(K::scalar, 2.0, x));
        assertArrayEquals(new Mode[]{null, INOUT}, m);
        assertEquals(VALUE, Weft.explain(K::scalar).mode(1));
        assertEquals(VALUE, Weft.explain(K::named).mode(1));
    }

    @Test
    void declareByMethodReference() {
        Weft.declare(K::declaredByReference, IN, OUT, INOUT);
        assertArrayEquals(new Mode[]{IN, OUT, INOUT}, spawnModes(r -> r.spawn(K::declaredByReference, x, y, z)));
        Explanation e = Weft.explain(K::declaredByReference);
        assertEquals(Explanation.Source.DECLARED, e.params().get(1).source());
    }

    @Test
    void declareBySignatureForOneOverloadOnly() {
        Weft.declare(K.class, "over", new Class<?>[]{double[].class, double[].class}, IN, IN);
        assertArrayEquals(new Mode[]{IN, IN}, spawnModes(r -> r.spawn((Proc2<double[], double[]>) K::over, x, y)));
        assertArrayEquals(new Mode[]{INOUT}, spawnModes(r -> r.spawn((Proc1<double[]>) K::over, x)));
        Weft.declare(K.class, "declaredBySignature", new Class<?>[]{double[].class, double[].class}, null, OUT);
        assertArrayEquals(new Mode[]{INOUT, OUT}, spawnModes(r -> r.spawn(K::declaredBySignature, x, y)));
    }

    @Test
    void aDeclarationOverridesAnAnnotationAndReachesLaterSpawns() {
        Weft.declare(K::declaredOverAnnotation, IN);
        assertArrayEquals(new Mode[]{IN}, spawnModes(r -> r.spawn(K::declaredOverAnnotation, x)));
        assertArrayEquals(new Mode[]{INOUT}, spawnModes(r -> r.spawn(K::declaredLate, x)));
        Weft.declare(K::declaredLate, IN);
        assertArrayEquals(new Mode[]{IN}, spawnModes(r -> r.spawn(K::declaredLate, x)));
    }

    @Test
    void badDeclarationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Weft.declare(K.class, "plain", new Class<?>[]{double[].class, double[].class}, IN));
        assertThrows(IllegalArgumentException.class, () -> Weft.declare(K.class, "missing", new Class<?>[]{}, IN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weft.declare(K::scalar, IN, IN));
        assertTrue(e.getMessage().contains("its mode can only be VALUE"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Weft.declare(K::plain, Mode.REDUCE, IN));
        assertThrows(IllegalArgumentException.class, () -> Weft.declare((Proc1<double[]>) a -> { }, IN));
    }

    @Test
    void theReceiversClassSelectsTheImplementationAndItsSpec() {
        Op reads = new InheritsIn(), writes = new Writes(), writesMore = new WritesMore();
        assertArrayEquals(new Mode[]{INOUT, IN}, spawnModes(r -> r.spawn(Op::run, reads, x)), "unbound, inherited @In");
        assertArrayEquals(new Mode[]{INOUT, INOUT}, spawnModes(r -> r.spawn(Op::run, writes, x)), "unbound, own @InOut");
        assertArrayEquals(new Mode[]{INOUT, INOUT}, spawnModes(r -> r.spawn(Op::run, writesMore, x)), "unbound, inherited implementation");
        assertArrayEquals(new Mode[]{IN}, spawnModes(r -> r.spawn(reads::run, x)), "bound receiver");
        assertArrayEquals(new Mode[]{INOUT}, spawnModes(r -> r.spawn(writes::run, x)), "bound receiver");
        assertArrayEquals(new Mode[]{IN, IN}, spawnModes(r -> r.spawn(Op::run, in(reads), x)), "a wrapped receiver");
    }

    @Test
    void aReceiverKnownOnlyAsATaskResultMakesEveryArgumentInOut() {
        try (Weft weft = Weft.builder().workers(2).build()) {
            AtomicReference<Mode[]> got = new AtomicReference<>();
            SpecProbe.behindGate(weft, new Object[]{x}, r -> {
                Task<Op> op = r.spawn(InheritsIn::new);
                got.set(SpecProbe.modes(r.spawn(Op::run, op, x)));
            });
            assertArrayEquals(new Mode[]{null, INOUT}, got.get());
        }
    }

    @Test
    void anOutThatAnotherArgumentOverlapsBecomesInOut() {
        assertArrayEquals(new Mode[]{IN, OUT}, spawnModes(r -> r.spawn(K::copy, x, y)));
        assertArrayEquals(new Mode[]{IN, INOUT}, spawnModes(r -> r.spawn(K::copy, x, x)));
        assertArrayEquals(new Mode[]{IN, OUT}, spawnModes(r -> r.spawn(K::copy, x, out(x))), "a wrapper's out is the caller's word");
    }

    @Test
    void strictRejectsARawArgumentWithoutSpecAndNamesTaskAndArgument() {
        try (Weft weft = Weft.builder().workers(2).specPolicy(SpecPolicy.STRICT).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.spawn(K::partlyAnnotated, x, y)));
            assertTrue(e.getMessage().startsWith("task #1 'K.partlyAnnotated' argument 2: no access mode for a double[] under the STRICT spec policy"),
                    e.getMessage());
            assertEquals(0, weft.stats().tasks());
            Weft.declare(K::strictDeclared, IN);
            assertArrayEquals(new Mode[]{IN}, spawnModes(weft, r -> r.spawn(K::strictDeclared, x)));
            assertArrayEquals(new Mode[]{IN, INOUT}, spawnModes(weft, r -> r.spawn(K::partlyAnnotated, x, inOut(y))));
            assertArrayEquals(new Mode[]{null, INOUT}, spawnModes(weft, r -> r.spawn(K::scalar, val(1.0), inOut(x))));
        }
    }

    @Test
    void readByDefaultReadsWhatIsNotDeclared() {
        try (Weft weft = Weft.builder().workers(2).specPolicy(SpecPolicy.READ_BY_DEFAULT).build()) {
            assertArrayEquals(new Mode[]{IN, IN}, spawnModes(weft, r -> r.spawn(K::plain, x, y)));
            assertArrayEquals(new Mode[]{IN, INOUT, OUT, COMMUTATIVE}, spawnModes(weft, r -> r.spawn(K::annotated, x, y, z, w)));
        }
    }

    @Test
    void readByDefaultIsDaggersRuleAndRunsUndeclaredWritersTogether() throws Exception {
        // two "readers" of x that both write it run at once, as under Dagger; under INFER they are ordered
        java.util.concurrent.CyclicBarrier both = new java.util.concurrent.CyclicBarrier(2);
        Sync.Problems problems = new Sync.Problems();
        BarrierKernel.barrier = both;
        BarrierKernel.problems = problems;
        try (Weft weft = Weft.builder().workers(3).specPolicy(SpecPolicy.READ_BY_DEFAULT).inlineTinyTasks(false).build()) {
            weft.region(r -> {
                r.spawn(BarrierKernel::touch, x);
                r.spawn(BarrierKernel::touch, x);
            });
        }
        problems.assertNone();
    }

    static final class BarrierKernel {
        static java.util.concurrent.CyclicBarrier barrier;
        static Sync.Problems problems;

        static void touch(double[] a) {
            Sync.meet(barrier, problems, "touch");
            a[0]++;
        }
    }

    @Test
    void explanationsPrintOneLinePerParameter() {
        Explanation e = Weft.explain(K::annotated);
        String text = e.toString();
        assertTrue(text.startsWith("K.annotated(double[], double[], double[], double[]) at SpecTest.java:"), text);
        assertTrue(text.contains("\n  param b (double[]): INOUT [annotated] — annotated @InOut"), text);
        Explanation bySignature = Weft.explain(K.class, "scalar", double.class, double[].class);
        assertEquals(2, bySignature.params().size());
        Explanation virtual = Weft.explain(Op::run);
        assertTrue(virtual.function().contains("virtual"), virtual.function());
        assertEquals(IN, virtual.mode(2));
    }
}
