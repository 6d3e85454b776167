package org.weft.data;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A brute-force oracle for the views: random views of every kind over a few small storages, each with the
 * set of bytes it must cover computed from its recipe (the parameters it was built from) and again through
 * its accessor API ({@code index}, {@code contains}, {@code byteOffset}). {@code Views.overlapBytes} must equal
 * the size of the intersection of those sets, for every pair.
 *
 * <p>The seeds are fixed so that a run is reproducible; jqwik prints the seed and the shrunk sample of a
 * failure. To explore further, change a seed (or remove it to get a random one).
 */
class ViewOraclePropertyTest {
    static final int N = 96;                                      // doubles in each storage
    static final double[] ARR = new double[N];
    static final double[] OTHER = new double[N];
    static final Object OBJ = new Object();
    static final MemorySegment HEAP = MemorySegment.ofArray(ARR);
    static final MemorySegment NATIVE = Arena.ofAuto().allocate(N * 8L, 8);

    /** A view, its recipe, and the bytes it must cover by the recipe and by its accessors. */
    record Case(String recipe, View view, Cover expected, Cover viaAccessors) {
        @Override
        public String toString() {
            return recipe + " = " + view;
        }
    }

    /** Turns a list of non-negative ints into choices; shrinking the list towards zeros gives simpler views. */
    static final class Dice {
        private final List<Integer> values;
        private int next;

        Dice(List<Integer> values) {
            this.values = values;
        }

        /** A number in {@code [0, bound)}. */
        int pick(int bound) {
            if (bound <= 1) return 0;
            return values.get(next++ % values.size()) % bound;
        }

        boolean coin() {
            return pick(2) == 1;
        }
    }

    // ------------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<Case> views() {
        return Arbitraries.integers().between(0, 1 << 20).list().ofSize(24).map(v -> build(new Dice(v)));
    }

    static Case build(Dice d) {
        return switch (d.pick(10)) {
            case 0 -> arrayRange(d);
            case 1 -> arrayStrided(d, false);
            case 2 -> arrayStrided(d, true);
            case 3 -> segmentSlice(d);
            case 4 -> custom(d);
            case 5 -> whole(d);
            default -> matrixPart(d);
        };
    }

    private static Case arrayRange(Dice d) {
        double[] a = d.pick(4) == 3 ? OTHER : ARR;
        int from = d.pick(N), to = from + 1 + d.pick(N - from);
        DoubleSlice s = Views.range(a, from, to);
        Cover c = Cover.of(a);
        for (int k = from; k < to; k++) c.addElement(k, 8);
        return new Case("range(" + (a == ARR ? "ARR" : "OTHER") + ", " + from + ", " + to + ")", s, c, accessors(s));
    }

    private static Case arrayStrided(Dice d, boolean sub) {
        int start = d.pick(N), stride = 1 + d.pick(12);
        int count = 1 + d.pick((N - 1 - start) / stride + 1);
        DoubleSlice s = ByCount.strided(ARR, start, count, stride);
        String recipe = "strided(ARR, " + start + ", " + count + ", " + stride + ")";
        int from = 0, to = count;
        if (sub) {
            from = d.pick(count);
            to = from + 1 + d.pick(count - from);
            s = s.sub(from, to);
            recipe += ".sub(" + from + ", " + to + ")";
        }
        Cover c = Cover.of(ARR);
        for (int k = from; k < to; k++) c.addElement(start + (long) k * stride, 8);
        return new Case(recipe, s, c, accessors(s));
    }

    private static Case segmentSlice(Dice d) {
        boolean nat = d.coin();
        MemorySegment whole = nat ? NATIVE : HEAP;
        int off = d.pick(64);
        MemorySegment seg = whole.asSlice(off);
        long bytes = seg.byteSize();
        String recipe = (nat ? "NATIVE" : "HEAP") + ".asSlice(" + off + ")";
        Cover c = nat ? Cover.nativeAt(NATIVE.address()) : Cover.of(ARR);
        SegmentSlice s;
        if (d.coin()) {
            int from = d.pick((int) bytes), to = from + 1 + d.pick((int) bytes - from);
            s = Views.range(seg, from, to);
            c.addBytes(off + from, to - from);
            recipe = "range(" + recipe + ", " + from + ", " + to + ")";
        } else {
            int elem = new int[]{1, 2, 4, 8}[d.pick(4)];
            int stride = elem + d.pick(20);
            int start = d.pick((int) bytes - elem + 1);
            int count = 1 + d.pick((int) ((bytes - elem - start) / stride) + 1);
            s = ByCount.strided(seg, start, count, stride, elem);
            for (int k = 0; k < count; k++) c.addBytes(off + start + (long) k * stride, elem);
            recipe = "strided(" + recipe + ", " + start + ", " + count + ", " + stride + ", " + elem + ")";
        }
        return new Case(recipe, s, c, accessors(s, off, nat));
    }

    private static Case custom(Dice d) {
        boolean nat = d.coin();
        int spans = 1 + d.pick(6);
        long[] starts = new long[spans], lengths = new long[spans];
        Cover c = nat ? Cover.nativeAt(NATIVE.address()) : Cover.of(ARR);
        long pos = 0;
        int n = 0;
        while (n < spans) {
            long gap = d.pick(40), len = 1 + d.pick(40);
            if (pos + gap + len > N * 8L) break;
            starts[n] = (nat ? NATIVE.address() : 0) + pos + gap;
            lengths[n] = len;
            c.addBytes(pos + gap, len);
            pos += gap + len;
            n++;
        }
        starts = java.util.Arrays.copyOf(starts, n);
        lengths = java.util.Arrays.copyOf(lengths, n);
        View v = Views.custom(nat ? NativeMemory.BASE : ARR, starts, lengths);
        return new Case("custom(" + (nat ? "native" : "ARR") + ", " + java.util.Arrays.toString(starts) + ", "
                + java.util.Arrays.toString(lengths) + ")", v, c, c);
    }

    private static Case whole(Dice d) {
        return switch (d.pick(3)) {
            case 0 -> new Case("whole(ARR)", Views.whole(ARR), Cover.of(ARR).addBytes(0, N * 8L), Cover.of(ARR).addBytes(0, N * 8L));
            case 1 -> new Case("whole(OTHER)", Views.whole(OTHER), Cover.of(OTHER).addBytes(0, N * 8L), Cover.of(OTHER).addBytes(0, N * 8L));
            default -> new Case("whole(OBJ)", Views.whole(OBJ), Cover.of(OBJ).addBytes(0, 1), Cover.of(OBJ).addBytes(0, 1));
        };
    }

    private interface Cells {
        boolean contains(int i, int j);
    }

    private static Case matrixPart(Dice d) {
        int store = d.pick(3);                                       // 0: ARR, 1: heap segment of ARR, 2: native
        int off = store == 0 ? 0 : d.pick(64);                       // any byte offset, aligned or not
        int avail = (N * 8 - off) / 8;
        int ld = 1 + d.pick(12), rows = 1 + d.pick(ld);
        int cols = 1 + d.pick(Math.min((avail - rows) / ld + 1, 10));
        Matrix parent = switch (store) {
            case 0 -> Matrix.wrap(ARR, rows, cols, ld);
            case 1 -> Matrix.wrap(HEAP.asSlice(off), rows, cols, ld);
            default -> Matrix.wrap(NATIVE.asSlice(off), rows, cols, ld);
        };
        StringBuilder recipe = new StringBuilder(new String[]{"ARR", "HEAP", "NATIVE"}[store])
                .append(off == 0 ? "" : ".asSlice(" + off + ")")
                .append(" as ").append(rows).append('x').append(cols).append(" ld ").append(ld);
        int bi = 0, bj = 0, bm = rows, bn = cols;
        Matrix m = parent;
        if (d.coin()) {
            bi = d.pick(rows);
            bj = d.pick(cols);
            bm = 1 + d.pick(rows - bi);
            bn = 1 + d.pick(cols - bj);
            m = parent.block(bi, bj, bm, bn);
            recipe.append(" .block(").append(bi).append(", ").append(bj).append(", ").append(bm).append(", ").append(bn).append(')');
        }
        View v;
        Cells in;
        int r = bm, c = bn;
        switch (d.pick(10)) {
            case 0 -> {
                v = m;
                in = (i, j) -> true;
            }
            case 1 -> {
                int i0 = d.pick(r), j0 = d.pick(c), mm = 1 + d.pick(r - i0), nn = 1 + d.pick(c - j0);
                v = m.block(i0, j0, mm, nn);
                recipe.append(" .block(").append(i0).append(", ").append(j0).append(", ").append(mm).append(", ").append(nn).append(')');
                in = (i, j) -> i >= i0 && i < i0 + mm && j >= j0 && j < j0 + nn;
            }
            case 2 -> {
                int size = 1 + d.pick(Math.max(r, c));
                int ti = d.pick((r + size - 1) / size), tj = d.pick((c + size - 1) / size);
                v = m.tile(ti, tj, size);
                recipe.append(" .tile(").append(ti).append(", ").append(tj).append(", ").append(size).append(')');
                in = (i, j) -> i / size == ti && j / size == tj;
            }
            case 3 -> {
                int i0 = d.pick(r), i1 = i0 + 1 + d.pick(r - i0);
                v = m.rows(i0, i1);
                recipe.append(" .rows(").append(i0).append(", ").append(i1).append(')');
                in = (i, j) -> i >= i0 && i < i1;
            }
            case 4 -> {
                int j0 = d.pick(c), j1 = j0 + 1 + d.pick(c - j0);
                v = m.cols(j0, j1);
                recipe.append(" .cols(").append(j0).append(", ").append(j1).append(')');
                in = (i, j) -> j >= j0 && j < j1;
            }
            case 5 -> {
                int row = d.pick(r);
                v = m.row(row);
                recipe.append(" .row(").append(row).append(')');
                in = (i, j) -> i == row;
            }
            case 6 -> {
                int col = d.pick(c);
                v = m.col(col);
                recipe.append(" .col(").append(col).append(')');
                in = (i, j) -> j == col;
            }
            case 7 -> {
                boolean diag = d.coin() || r == 1;                  // the strict lower triangle of one row is empty
                v = m.lower(diag);
                recipe.append(" .lower(").append(diag).append(')');
                in = diag ? (i, j) -> i >= j : (i, j) -> i > j;
            }
            case 8 -> {
                boolean diag = d.coin() || c == 1;                  // the strict upper triangle of one column is empty
                v = m.upper(diag);
                recipe.append(" .upper(").append(diag).append(')');
                in = diag ? (i, j) -> i <= j : (i, j) -> i < j;
            }
            default -> {
                v = m.diagonal();
                recipe.append(" .diagonal()");
                in = (i, j) -> i == j;
            }
        }
        Cover cover = store == 2 ? Cover.nativeAt(NATIVE.address()) : Cover.of(ARR);
        for (int j = 0; j < c; j++)
            for (int i = 0; i < r; i++)
                if (in.contains(i, j)) cover.addBytes(off + 8L * ((bi + i) + (long) (bj + j) * ld), 8);
        return new Case(recipe.toString(), v, cover, accessors(v, off, store == 2));
    }

    // ------------------------------------------------------------------------------------------------
    // Covers through the accessor API of each view type.

    private static Cover accessors(DoubleSlice s) {
        Cover c = Cover.of(s.array());
        for (int i = 0; i < s.length(); i++) c.addElement(s.index(i), 8);
        return c;
    }

    /** {@code off}: byte offset, in the storage under test, of the segment the view was made from. */
    private static Cover accessors(View v, long off, boolean nat) {
        Cover c = nat ? Cover.nativeAt(NATIVE.address()) : Cover.of(ARR);
        switch (v) {
            case SegmentSlice s -> {
                for (long i = 0; i < s.count(); i++) c.addBytes(off + s.byteOffset(i), s.elementBytes());
            }
            case Matrix m -> {
                for (int j = 0; j < m.cols(); j++)
                    for (int i = 0; i < m.rows(); i++) c.addBytes(off + 8 * m.index(i, j), 8);
            }
            case Triangle t -> {
                Matrix m = t.matrix();
                for (int j = 0; j < m.cols(); j++)
                    for (int i = 0; i < m.rows(); i++)
                        if (t.contains(i, j)) c.addBytes(off + 8 * m.index(i, j), 8);
            }
            case Diagonal g -> {
                for (int k = 0; k < g.length(); k++) c.addBytes(off + 8 * g.matrix().index(k, k), 8);
            }
            default -> throw new AssertionError("no accessor cover for " + v);
        }
        return c;
    }

    // ------------------------------------------------------------------------------------------------

    private static void checkAlone(Case x) {
        assertNull(Views.violation(x.view()), () -> "violation of " + x);
        assertEquals(x.expected().size(), x.view().byteSize(), () -> "byteSize of " + x);
        assertEquals(x.expected().bytes, x.viaAccessors().bytes, () -> "accessors of " + x + " disagree with its recipe");
        x.expected().assertCoveredExactlyBy(x.view());
        assertEquals(x.view().byteSize(), Views.overlapBytes(x.view(), x.view()), () -> "self-overlap of " + x);
    }

    private static void checkPair(Case a, Case b) {
        long expected = a.expected().overlap(b.expected());
        assertEquals(expected, Views.overlapBytes(a.view(), b.view()), () -> "overlapBytes(" + a + ", " + b + ")");
        assertEquals(expected, Views.overlapBytes(b.view(), a.view()), () -> "overlapBytes(" + b + ", " + a + ")");
        assertEquals(expected > 0, Views.aliases(a.view(), b.view()), () -> "aliases(" + a + ", " + b + ")");
    }

    @Property(tries = 3000, seed = "7408151212")
    void overlapMatchesTheBruteForceIntersection(@ForAll("views") Case a, @ForAll("views") Case b, @ForAll("views") Case c) {
        for (Case x : List.of(a, b, c)) checkAlone(x);
        checkPair(a, b);
        checkPair(a, c);
        checkPair(b, c);

        long ab = a.expected().overlap(b.expected());
        Statistics.label("a vs b").collect(ab > 0 ? "alias" : a.expected().base == b.expected().base ? "same storage, disjoint" : "different storages");
        Statistics.label("a vs b").coverage(k -> {
            k.check("alias").percentage(p -> p >= 15);
            k.check("same storage, disjoint").percentage(p -> p >= 5);
            k.check("different storages").percentage(p -> p >= 5);
        });
    }

    // ------------------------------------------------------------------------------------------------
    // Factories accept exactly the in-bounds parameters (small ranges around the edges).

    /** Invalid parameters must be rejected with one of the two exceptions the factories document. */
    private static void assertRejected(org.junit.jupiter.api.function.Executable make) {
        RuntimeException e = assertThrows(RuntimeException.class, make);
        assertTrue(e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException,
                () -> "rejected with " + e + " rather than IllegalArgumentException or IndexOutOfBoundsException");
    }

    static final Matrix M65 = Matrix.wrap(new double[38], 6, 5, 8);

    @Property(tries = 15000, seed = "991")               // 11^4 combinations: jqwik enumerates them all
    void blockIsAcceptedIffInBounds(@ForAll @IntRange(min = -2, max = 8) int i0, @ForAll @IntRange(min = -2, max = 8) int j0,
                                    @ForAll @IntRange(min = -2, max = 8) int m, @ForAll @IntRange(min = -2, max = 8) int n) {
        boolean ok = i0 >= 0 && j0 >= 0 && m >= 0 && n >= 0 && i0 + m <= 6 && j0 + n <= 5;     // no rows or columns: empty
        if (ok) {
            Matrix b = M65.block(i0, j0, m, n);
            assertEquals(m, b.rows());
            assertEquals(n, b.cols());
            assertEquals(i0 + 8L * j0, b.offset());
            assertNull(Views.violation(b));
        } else {
            assertThrows(IndexOutOfBoundsException.class, () -> M65.block(i0, j0, m, n));
        }
    }

    @Property(tries = 1000, seed = "992")
    void tileIsAcceptedIffItStartsInsideAndIsCutAtTheEdge(@ForAll @IntRange(min = -1, max = 7) int ti, @ForAll @IntRange(min = -1, max = 7) int tj,
                                                         @ForAll @IntRange(min = -1, max = 7) int size) {
        boolean ok = size >= 1 && ti >= 0 && tj >= 0 && ti * size < 6 && tj * size < 5;
        if (ok) {
            Matrix t = M65.tile(ti, tj, size);
            assertEquals(Math.min(size, 6 - ti * size), t.rows(), "rows of the tile");
            assertEquals(Math.min(size, 5 - tj * size), t.cols(), "cols of the tile");
            assertEquals(ti * size + 8L * tj * size, t.offset(), "offset of the tile");
        } else if (size < 1) {
            assertThrows(IllegalArgumentException.class, () -> M65.tile(ti, tj, size));
        } else {
            assertThrows(IndexOutOfBoundsException.class, () -> M65.tile(ti, tj, size));
        }
    }

    @Property(tries = 2000, seed = "993")
    void stridedSliceIsAcceptedIffInBounds(@ForAll @IntRange(min = -2, max = 12) int start, @ForAll @IntRange(min = -2, max = 12) int count,
                                          @ForAll @IntRange(min = -1, max = 5) int stride) {
        double[] a = new double[10];
        if (count == 0 && stride >= 1 && start >= 0 && start <= 10) {
            assertEquals(0, ByCount.strided(a, start, count, stride).spanCount(), "an empty slice");
        } else if (count < 1 || stride < 1 || start < 0 || start + (count - 1) * stride >= 10) {
            assertRejected(() -> ByCount.strided(a, start, count, stride));
        } else {
            DoubleSlice s = ByCount.strided(a, start, count, stride);
            assertNull(Views.violation(s));
            assertEquals(8L * count, s.byteSize());
            assertEquals(start + (count - 1) * (count == 1 ? 1 : stride), s.index(count - 1));
        }
    }

    @Property(tries = 2000, seed = "994")
    void segmentSliceIsAcceptedIffInBounds(@ForAll @IntRange(min = -2, max = 40) int start, @ForAll @IntRange(min = -1, max = 6) int count,
                                          @ForAll @IntRange(min = -1, max = 12) int stride, @ForAll @IntRange(min = -1, max = 9) int elem) {
        MemorySegment seg = MemorySegment.ofArray(new byte[40]);
        long end = start + (long) (count - 1) * stride + elem;
        if (count == 0 && elem >= 1 && stride >= 1 && start >= 0 && start <= 40) {
            assertEquals(0, ByCount.strided(seg, start, count, stride, elem).spanCount(), "an empty slice");
        } else if (elem < 1 || stride < 1 || count < 1 || (count > 1 && stride < elem) || start < 0 || end > 40) {
            assertRejected(() -> ByCount.strided(seg, start, count, stride, elem));
        } else {
            SegmentSlice s = ByCount.strided(seg, start, count, stride, elem);
            assertNull(Views.violation(s));
            assertEquals((long) count * elem, s.byteSize());
            assertTrue(s.extent().byteSize() == end - start, "extent");
        }
    }
}
