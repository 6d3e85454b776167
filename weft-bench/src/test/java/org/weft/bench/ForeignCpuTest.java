package org.weft.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForeignCpuTest {
    private static final String STAT = """
            cpu  9410 7 3756 406395 370 11 62 380 0 0
            cpu0 5007 0 1593 203426 37 0 9 186 0 0
            intr 1156161 0 0
            """;
    // utime=120 stime=30 cutime=40 cstime=10 (fields 14-17), in a process whose name holds ") " itself
    private static final String SELF = "6157 (java (x) y) S 6151 6151 3806 0 -1 4194304 99 0 0 0 120 30 40 10 20 0 1 0 211707";

    @Test
    void parsesBusyStealAndSelf() {
        ForeignCpu.Sample s = ForeignCpu.parse(STAT, SELF, 42);
        assertEquals(9410 + 7 + 3756 + 11 + 62, s.busy());
        assertEquals(380, s.steal());
        assertEquals(120 + 30 + 40 + 10, s.self());
        assertEquals(42, s.nanos());
    }

    @Test
    void unreadableTextGivesZeros() {
        assertEquals(new ForeignCpu.Sample(7, 0, 0, 0), ForeignCpu.parse("", "", 7));
        assertEquals(new ForeignCpu.Sample(7, 0, 0, 0), ForeignCpu.parse("cpu  1 2\n", "1 (x) S 2", 7));
    }

    @Test
    void foreignIsOthersBusyPlusStealPerSecond() {
        // over 2 s: the machine was busy 300 jiffies, 150 of them ours, and 10 were stolen: (300-150+10)/100/2
        ForeignCpu.Sample a = new ForeignCpu.Sample(0, 1000, 50, 400);
        ForeignCpu.Sample b = new ForeignCpu.Sample(2_000_000_000L, 1300, 60, 550);
        assertEquals(0.8, ForeignCpu.between(a, b), 1e-12);
    }

    @Test
    void foreignIsNeverNegativeAndZeroForNoTime() {
        ForeignCpu.Sample a = new ForeignCpu.Sample(0, 1000, 0, 0);
        assertEquals(0.0, ForeignCpu.between(a, new ForeignCpu.Sample(1_000_000_000L, 1010, 0, 50)));
        assertEquals(0.0, ForeignCpu.between(a, new ForeignCpu.Sample(0, 5000, 0, 0)));
    }

    @Test
    void readsThisMachine() {
        ForeignCpu.Sample s = ForeignCpu.sample();
        assertTrue(s.busy() >= 0 && s.self() >= 0);
    }
}
