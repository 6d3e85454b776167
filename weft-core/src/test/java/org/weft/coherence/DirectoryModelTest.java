package org.weft.coherence;

import org.junit.jupiter.api.Test;
import org.weft.memory.ByteRuns;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The directory's interval map against a mask per byte: random sequences of writes, landed copies and questions
 * (seeded), and after every step the mask of every byte and the stale runs of random requests must agree.
 */
class DirectoryModelTest {

    @Test
    void randomWritesAndCopiesKeepTheSameMasksAsAMaskPerByte() {
        for (long seed = 1; seed <= 400; seed++) {
            Random rnd = new Random(seed);
            int size = 8 * (1 + rnd.nextInt(24));
            Directory d = new Directory(new long[size / 8], size, false);
            int[] model = new int[size];
            java.util.Arrays.fill(model, 1);
            for (int step = 0; step < 60; step++) {
                int lo = 8 * rnd.nextInt(size / 8), hi = lo + 8 * (1 + rnd.nextInt((size - lo) / 8));
                int space = rnd.nextInt(4);
                if (rnd.nextBoolean()) {
                    d.markWritten(lo, hi, space);
                    for (int b = lo; b < hi; b++) model[b] = 1 << space;
                } else {
                    List<long[]> runs = new ArrayList<>();       // disjoint runs inside [lo, hi), as a copy moves them
                    for (int at = lo; at < hi; ) {
                        int len = 8 * (1 + rnd.nextInt((hi - at) / 8));
                        if (rnd.nextBoolean()) runs.add(new long[]{at, len});
                        at += len;
                    }
                    if (runs.isEmpty()) continue;
                    long[] s = new long[runs.size()], l = new long[runs.size()];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = runs.get(i)[0];
                        l[i] = runs.get(i)[1];
                    }
                    d.markValid(new ByteRuns(s, l), space);
                    for (long[] r : runs) for (long b = r[0]; b < r[0] + r[1]; b++) model[(int) b] |= 1 << space;
                }
                for (int b = 0; b < size; b++) assertEquals(model[b], d.validAt(b), "seed " + seed + ", step " + step + ", byte " + b);
                int qlo = rnd.nextInt(size), qhi = qlo + 1 + rnd.nextInt(size - qlo);
                int dst = rnd.nextInt(4);
                Directory.RunList[] stale = d.stale(new long[]{qlo}, new long[]{qhi - qlo}, 1, dst);
                boolean[] covered = new boolean[size];
                if (stale != null)
                    for (int src = 0; src < stale.length; src++) {
                        if (stale[src] == null) continue;
                        for (int i = 0; i < stale[src].n; i++)
                            for (long b = stale[src].starts[i]; b < stale[src].starts[i] + stale[src].lengths[i]; b++) {
                                assertEquals(0, model[(int) b] & (1 << dst), "seed " + seed + ": byte " + b + " is current in " + dst + " but called stale");
                                assertEquals(1 << src, model[(int) b] & (1 << src), "seed " + seed + ": byte " + b + " comes from " + src + ", which does not hold it");
                                covered[(int) b] = true;
                            }
                    }
                for (int b = qlo; b < qhi; b++)
                    if ((model[b] & (1 << dst)) == 0) assertEquals(true, covered[b], "seed " + seed + ", step " + step + ": stale byte " + b + " not asked for");
            }
        }
    }
}
