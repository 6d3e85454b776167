package org.weft.infer.survey;

import org.junit.jupiter.api.Test;
import org.weft.Mode;
import org.weft.infer.BytecodeInference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand check of {@link RealCodeSurvey}'s seeded sample: for each of the 50 methods, the modes inferred when
 * the sample was checked, the true modes read from the method's source ({@code java.util.Arrays} of JDK 25's
 * {@code src.zip}, {@code CommonOps_DDRM} of EJML 0.46.1's sources jar), and why. The test fails if the sample
 * drawn changes (the list must then be checked again), if an inferred mode is unsound against the truth (IN
 * for a parameter that may be written, OUT for one whose contents are read or kept), or if the inference
 * drifts from what was checked.
 */
class RealCodeSurveyTest {
    /** One hand-checked method: its signature, the modes inferred and the true ones, and the deciding code. */
    record Checked(String signature, String inferred, String truth, String source) {
    }

    static final List<Checked> CHECKED = List.of(
            new Checked("CommonOps_DDRM.concatRowsMulti(DMatrixRMaj[])",
                    "INOUT", "IN",
                    "reads each matrix through DMatrix.getNumRows/get (interface calls) into a new matrix"),
            new Checked("CommonOps_DDRM.divideRowsCols(double[],int,DMatrixRMaj,double[],int)",
                    "IN VALUE INOUT IN VALUE", "IN VALUE INOUT IN VALUE",
                    "B.data[index] /= va*diagC[...]: B read and written, diagA/diagC only read"),
            new Checked("CommonOps_DDRM.multCols(DMatrixRMaj,double[])",
                    "INOUT IN", "INOUT IN",
                    "A.data[index] *= values[col]"),
            new Checked("CommonOps_DDRM.rowsToVector(DMatrixRMaj,DMatrixRMaj[])",
                    "INOUT INOUT", "IN INOUT",
                    "A only read; v's slots may be filled with new matrices and each is reshaped and written"),
            new Checked("Arrays.binarySearch(Object[],Object,Comparator)",
                    "INOUT INOUT INOUT", "INOUT INOUT INOUT",
                    "elements and key go to the caller's Comparator (or compareTo), which may do anything"),
            new Checked("Arrays.binarySearch(byte[],int,int,byte)",
                    "IN VALUE VALUE VALUE", "IN VALUE VALUE VALUE",
                    "rangeCheck, then binarySearch0 reads a[mid] only"),
            new Checked("Arrays.compare(Comparable[],Comparable[])",
                    "INOUT INOUT", "INOUT INOUT",
                    "elements go to compareTo of unknown classes"),
            new Checked("Arrays.compare(byte[],int,int,byte[],int,int)",
                    "IN VALUE VALUE IN VALUE VALUE", "IN VALUE VALUE IN VALUE VALUE",
                    "ArraysSupport.mismatch reads both through Unsafe.getLongUnaligned (native, not seen)"),
            new Checked("Arrays.compare(double[],double[])",
                    "IN IN", "IN IN",
                    "reads only (mismatch through Unsafe, not seen)"),
            new Checked("Arrays.compareUnsigned(byte[],int,int,byte[],int,int)",
                    "IN VALUE VALUE IN VALUE VALUE", "IN VALUE VALUE IN VALUE VALUE",
                    "reads only (Unsafe)"),
            new Checked("Arrays.compareUnsigned(int[],int,int,int[],int,int)",
                    "IN VALUE VALUE IN VALUE VALUE", "IN VALUE VALUE IN VALUE VALUE",
                    "reads only (Unsafe)"),
            new Checked("Arrays.compareUnsigned(int[],int[])",
                    "IN IN", "IN IN",
                    "reads only (Unsafe)"),
            new Checked("Arrays.copyOf(Object[],int)",
                    "IN VALUE", "IN VALUE",
                    "copyOf(original, n, original.getClass()): a new array, System.arraycopy from original"),
            new Checked("Arrays.copyOf(boolean[],int)",
                    "IN VALUE", "IN VALUE",
                    "original.clone() or a new array filled by System.arraycopy"),
            new Checked("Arrays.copyOf(float[],int)",
                    "IN VALUE", "IN VALUE",
                    "original.clone() or a new array filled by System.arraycopy"),
            new Checked("Arrays.equals(boolean[],boolean[])",
                    "IN IN", "IN IN",
                    "reads only (Unsafe)"),
            new Checked("Arrays.equals(double[],double[])",
                    "IN IN", "IN IN",
                    "reads only (Unsafe)"),
            new Checked("Arrays.equals(float[],int,int,float[],int,int)",
                    "IN VALUE VALUE IN VALUE VALUE", "IN VALUE VALUE IN VALUE VALUE",
                    "reads only (Unsafe)"),
            new Checked("Arrays.fill(byte[],int,int,byte)",
                    "INOUT VALUE VALUE VALUE", "INOUT VALUE VALUE VALUE",
                    "writes a[from..to): a part, so the rest keeps its contents"),
            new Checked("Arrays.fill(char[],int,int,char)",
                    "INOUT VALUE VALUE VALUE", "INOUT VALUE VALUE VALUE",
                    "writes a part"),
            new Checked("Arrays.fill(int[],int,int,int)",
                    "INOUT VALUE VALUE VALUE", "INOUT VALUE VALUE VALUE",
                    "writes a part"),
            new Checked("Arrays.hashCode(float[])",
                    "IN", "IN",
                    "loop of floatToIntBits(a[i])"),
            new Checked("Arrays.hashCode(int[])",
                    "IN", "IN",
                    "ArraysSupport.vectorizedHashCode: reads only (intrinsic; its fallback dispatches through JavaLangAccess)"),
            new Checked("Arrays.hashCode(long[])",
                    "IN", "IN",
                    "loop over a[i], reads only"),
            new Checked("Arrays.hashCode(short[])",
                    "IN", "IN",
                    "vectorizedHashCode, reads only"),
            new Checked("Arrays.mismatch(boolean[],boolean[])",
                    "IN IN", "IN IN",
                    "reads only (Unsafe)"),
            new Checked("Arrays.parallelPrefix(Object[],int,int,BinaryOperator)",
                    "INOUT VALUE VALUE INOUT", "INOUT VALUE VALUE INOUT",
                    "cumulates in place on ForkJoin threads; op is caller code"),
            new Checked("Arrays.parallelPrefix(int[],IntBinaryOperator)",
                    "INOUT INOUT", "INOUT INOUT",
                    "cumulates in place"),
            new Checked("Arrays.parallelPrefix(long[],LongBinaryOperator)",
                    "INOUT INOUT", "INOUT INOUT",
                    "cumulates in place"),
            new Checked("Arrays.parallelSort(byte[])",
                    "INOUT", "INOUT",
                    "sorts in place"),
            new Checked("Arrays.parallelSort(char[])",
                    "INOUT", "INOUT",
                    "sorts in place"),
            new Checked("Arrays.parallelSort(double[])",
                    "INOUT", "INOUT",
                    "sorts in place"),
            new Checked("Arrays.parallelSort(double[],int,int)",
                    "INOUT VALUE VALUE", "INOUT VALUE VALUE",
                    "sorts a range in place"),
            new Checked("Arrays.parallelSort(float[])",
                    "INOUT", "INOUT",
                    "sorts in place"),
            new Checked("Arrays.parallelSort(int[])",
                    "INOUT", "INOUT",
                    "sorts in place"),
            new Checked("Arrays.parallelSort(int[],int,int)",
                    "INOUT VALUE VALUE", "INOUT VALUE VALUE",
                    "sorts a range in place"),
            new Checked("Arrays.parallelSort(long[])",
                    "INOUT", "INOUT",
                    "sorts in place"),
            new Checked("Arrays.parallelSort(long[],int,int)",
                    "INOUT VALUE VALUE", "INOUT VALUE VALUE",
                    "sorts a range in place"),
            new Checked("Arrays.setAll(int[],IntUnaryOperator)",
                    "OUT INOUT", "OUT INOUT",
                    "for (i < array.length) array[i] = generator.applyAsInt(i): every element written, none read; generator is caller code"),
            new Checked("Arrays.setAll(long[],IntToLongFunction)",
                    "OUT INOUT", "OUT INOUT",
                    "same loop as setAll(int[])"),
            new Checked("Arrays.sort(Object[],Comparator)",
                    "INOUT INOUT", "INOUT INOUT",
                    "sorts in place with the caller's comparator"),
            new Checked("Arrays.sort(byte[],int,int)",
                    "INOUT VALUE VALUE", "INOUT VALUE VALUE",
                    "sorts a range in place"),
            new Checked("Arrays.sort(float[],int,int)",
                    "INOUT VALUE VALUE", "INOUT VALUE VALUE",
                    "sorts a range in place"),
            new Checked("Arrays.sort(long[],int,int)",
                    "INOUT VALUE VALUE", "INOUT VALUE VALUE",
                    "sorts a range in place"),
            new Checked("Arrays.spliterator(Object[])",
                    "IN", "IN",
                    "returns Spliterators.spliterator(array, ...): an ArraySpliterator that only reads; the result aliases the array and is tracked as its data"),
            new Checked("Arrays.spliterator(int[])",
                    "IN", "IN",
                    "read-only ArraySpliterator, result aliases the array"),
            new Checked("Arrays.spliterator(long[],int,int)",
                    "IN VALUE VALUE", "IN VALUE VALUE",
                    "read-only ArraySpliterator over a range, result aliases the array"),
            new Checked("Arrays.stream(double[],int,int)",
                    "INOUT VALUE VALUE", "IN VALUE VALUE",
                    "a lazy stream over the array: reads only, result aliases it"),
            new Checked("Arrays.stream(int[],int,int)",
                    "INOUT VALUE VALUE", "IN VALUE VALUE",
                    "a lazy stream over the array: reads only"),
            new Checked("Arrays.toString(Object[])",
                    "INOUT", "INOUT",
                    "String.valueOf(element) calls toString of unknown classes, which may do anything")
    );

    @Test
    void theSeededSampleIsSoundAndAsChecked() throws Exception {
        List<RealCodeSurvey.Row> sample = RealCodeSurvey.sample(RealCodeSurvey.libraries(new BytecodeInference()), RealCodeSurvey.SAMPLE, RealCodeSurvey.SEED);
        assertEquals(CHECKED.stream().map(Checked::signature).toList(), sample.stream().map(RealCodeSurvey.Row::signature).toList(),
                "the seeded sample changed: check the new methods by hand");
        List<String> unsound = new ArrayList<>();
        for (int i = 0; i < sample.size(); i++) {
            Checked c = CHECKED.get(i);
            RealCodeSurvey.Row r = sample.get(i);
            assertEquals(c.inferred(), r.modes(), c.signature() + ": the inference changed since the hand check");
            Mode[] truth = Arrays.stream(c.truth().split(" ")).map(Mode::valueOf).toArray(Mode[]::new);
            assertEquals(truth.length, r.inferred().size(), c.signature());
            for (int p = 0; p < truth.length; p++) {
                Mode got = r.inferred().get(p).mode();
                boolean sound = switch (got) {
                    case IN -> truth[p] == Mode.IN;
                    case OUT -> truth[p] == Mode.OUT;
                    case INOUT -> truth[p] != Mode.VALUE;
                    case VALUE -> truth[p] == Mode.VALUE;
                    default -> false;
                };
                if (!sound) unsound.add(c.signature() + " param " + (p + 1) + ": truly " + truth[p] + ", inferred " + got);
            }
        }
        assertTrue(unsound.isEmpty(), "unsound on real code:\n" + String.join("\n", unsound));
    }
}
