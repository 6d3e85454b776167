package org.weft;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.weft.data.LongSlice;
import org.weft.data.Views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.val;

/**
 * Exact results at scale: a 10^5-task read-modify-write chain on one array and a 300 x 300 wavefront over
 * single-element views (each cell reads its upper and left neighbours and writes itself) give bit-for-bit the
 * sequential result on 1, 2 and 8 workers, with the default throttle and with a tight {@code throttle(64)}.
 * Both updates are order-sensitive (not commutative), so any missed or reordered dependency changes the result.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScaleTest {
    private static final int CHAIN = 100_000, SIDE = 300;
    private static final long P = 1_000_000_007L;

    private static Weft runtime(int workers, int throttle) {
        Weft.Builder b = Weft.builder().workers(workers);
        if (throttle > 0) b.throttle(throttle);
        return b.build();
    }

    @ParameterizedTest(name = "{0} workers, throttle {1}")
    @CsvSource({"1, 0", "2, 0", "8, 0", "2, 64", "8, 64"})
    void aChainOfOneHundredThousandInOutTasksIsExact(int workers, int throttle) {
        long[] x = {1, 0};
        try (Weft weft = runtime(workers, throttle)) {
            weft.region(r -> {
                for (int i = 0; i < CHAIN; i++) r.spawn((long[] a, Long k) -> {
                    a[0] = (a[0] * 31 + k) % P;
                    a[1]++;
                }, inOut(x), (long) i);
            });
            assertEquals(CHAIN, weft.stats().tasks());
            assertEquals(CHAIN, weft.stats().executed());
        }
        long expected = 1;
        for (int i = 0; i < CHAIN; i++) expected = (expected * 31 + i) % P;
        assertArrayEquals(new long[]{expected, CHAIN}, x);
    }

    @ParameterizedTest(name = "{0} workers, throttle {1}")
    @CsvSource({"1, 0", "2, 0", "8, 0", "2, 64", "8, 64"})
    void aWavefrontOverElementViewsIsExact(int workers, int throttle) {
        long[] grid = new long[SIDE * SIDE];
        try (Weft weft = runtime(workers, throttle)) {
            weft.region(r -> {
                for (int i = 0; i < SIDE; i++)
                    for (int j = 0; j < SIDE; j++) {
                        int k = i * SIDE + j;
                        Object up = i > 0 ? in(Views.range(grid, k - SIDE, k - SIDE + 1)) : val(null);
                        Object left = j > 0 ? in(Views.range(grid, k - 1, k)) : val(null);
                        r.spawn(ScaleTest::cell, up, left, inOut(Views.range(grid, k, k + 1)), (long) k);
                    }
            });
        }
        assertArrayEquals(sequentialWavefront(), grid);
    }

    /** One cell: combines its upper and left neighbours (0 outside the grid) with its own index. */
    private static void cell(LongSlice up, LongSlice left, LongSlice self, Long k) {
        long u = up == null ? 0 : up.get(0), l = left == null ? 0 : left.get(0);
        self.set(0, (u * 7 + l * 13 + k + self.get(0)) % P);
    }

    private static long[] sequentialWavefront() {
        long[] g = new long[SIDE * SIDE];
        for (int i = 0; i < SIDE; i++)
            for (int j = 0; j < SIDE; j++) {
                int k = i * SIDE + j;
                long u = i > 0 ? g[k - SIDE] : 0, l = j > 0 ? g[k - 1] : 0;
                g[k] = (u * 7 + l * 13 + k + g[k]) % P;
            }
        return g;
    }
}
