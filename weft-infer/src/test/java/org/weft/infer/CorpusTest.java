package org.weft.infer;

import org.junit.jupiter.api.Test;
import org.weft.Mode;
import org.weft.infer.corpus.Adversarial;
import org.weft.infer.corpus.Aliasing;
import org.weft.infer.corpus.Corpus;
import org.weft.infer.corpus.Exactness;
import org.weft.infer.corpus.Inference2;
import org.weft.infer.corpus.ReviewCorpus;
import org.weft.infer.corpus.Shapes;
import org.weft.infer.corpus.Truth;
import org.weft.spec.ModeInference.Inferred;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inference against the corpus of kernels with known true modes: sound on every parameter (never IN
 * for a parameter that may be written, never OUT for one whose previous contents matter), and as precise as
 * the report it prints says, and at least 95 % of the truly read-only parameters inferred IN and 91 % of the
 * truly overwritten ones inferred OUT.
 */
class CorpusTest {
    private static final List<Class<?>> CORPUS = List.of(Corpus.class, Shapes.Counter.class, ReviewCorpus.class, Aliasing.class,
            Inference2.class, Inference2.Holder.class, Exactness.class, Adversarial.class);

    record Row(Method kernel, Truth truth, List<Inferred> inferred) {
    }

    static List<Row> analyseCorpus() {
        BytecodeInference inference = new BytecodeInference();
        List<Row> rows = new ArrayList<>();
        for (Class<?> c : CORPUS) {
            Method[] ms = c.getDeclaredMethods();
            Arrays.sort(ms, Comparator.comparing(Method::getName));
            for (Method m : ms) {
                Truth t = m.getAnnotation(Truth.class);
                if (t == null) continue;
                String desc = MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
                rows.add(new Row(m, t, inference.infer(c, m.getName(), desc, null)));
            }
        }
        return rows;
    }

    @Test
    void soundOnEveryParameterAndPreciseAsReported() {
        long t0 = System.nanoTime();
        List<Row> rows = analyseCorpus();
        long coldNanos = System.nanoTime() - t0;
        assertTrue(rows.size() >= 40, "the corpus has " + rows.size() + " kernels");
        List<String> unsound = new ArrayList<>();
        int trulyIn = 0, inferredIn = 0, trulyOut = 0, inferredOut = 0, params = 0;
        StringBuilder report = new StringBuilder();
        for (Row r : rows) {
            Mode[] truth = r.truth().value();
            assertEquals(truth.length, r.inferred().size(), r.kernel() + ": parameter count");
            for (int p = 0; p < truth.length; p++) {
                Mode want = truth[p], got = r.inferred().get(p).mode();
                params++;
                boolean ok = switch (want) {
                    case IN -> true;
                    case OUT -> got == Mode.OUT || got == Mode.INOUT;
                    case INOUT -> got == Mode.INOUT;
                    case VALUE -> got == Mode.VALUE;
                    default -> false;
                };
                if (!ok) unsound.add(r.kernel().getDeclaringClass().getSimpleName() + "." + r.kernel().getName() + " param " + (p + 1)
                        + ": truly " + want + ", inferred " + got + " (" + r.inferred().get(p).reason() + ")");
                if (want == Mode.IN) {
                    trulyIn++;
                    if (got == Mode.IN) inferredIn++;
                }
                if (want == Mode.OUT) {
                    trulyOut++;
                    if (got == Mode.OUT) inferredOut++;
                }
                String mark = got == want ? "  " : ok ? "~ " : "! ";
                report.append(String.format("%s%-28s %-6s %-6s %s%n", mark, r.kernel().getName() + "#" + (p + 1), want, got, r.inferred().get(p).reason()));
            }
        }
        System.out.printf("Corpus: %d kernels, %d parameters, analysed cold in %.0f ms (~ sound but not the tightest mode, ! unsound)%n",
                rows.size(), params, coldNanos / 1e6);
        System.out.print(report);
        System.out.printf("Precision: %d of %d truly read-only parameters inferred IN (%.1f%%); %d of %d truly overwritten ones inferred OUT%n",
                inferredIn, trulyIn, 100.0 * inferredIn / trulyIn, inferredOut, trulyOut);
        assertTrue(unsound.isEmpty(), "unsound inferences:\n" + String.join("\n", unsound));
        assertTrue(inferredIn >= 0.95 * trulyIn, "only " + inferredIn + " of " + trulyIn + " read-only parameters inferred IN");
        assertTrue(inferredOut >= 0.91 * trulyOut, "only " + inferredOut + " of " + trulyOut + " overwritten parameters inferred OUT");
    }
}
