package org.weft.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.Fn1;
import org.weft.Shared;
import org.weft.Weft;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;
import org.weft.resolve.FnInfo;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.weft.Access.in;
import static org.weft.Access.inOut;

/**
 * Automatic placement among candidate spaces: calibration first, then the least expected run time plus transfer
 * time. Run times are fed to the runtime's measurements here rather than measured, so the choices do not depend on
 * how fast this machine runs the test.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AutoPlacementTest {
    private static final MemorySpace HOST = MemorySpaces.host();

    static String onHost(double[] a) {
        return "host";
    }

    static String onDevice(double[] a) {
        return "device";
    }

    private static final Fn1<double[], String> HOST_FN = AutoPlacementTest::onHost, DEVICE_FN = AutoPlacementTest::onDevice;

    /** Feeds {@code weft}'s placement enough runs of {@code fn} in {@code space} on {@code data} taking {@code nanos} each. */
    private static void measured(Weft weft, Object fn, MemorySpace space, double[] data, long nanos) {
        Engine e = weft.regionResult(r -> ((RegionImpl) r).engine);
        int id = space == HOST ? 0 : e.coherence.id(space);
        int size = AutoPlacement.sizeClass(8L * data.length);
        for (int i = 0; i < AutoPlacement.CALIBRATION; i++) e.placement.record(FnInfo.of(fn, 1).id, id, size, nanos);
    }

    private static String run(Weft weft, double[] a, MemorySpace dev) {
        return weft.regionResult(r -> r.task(HOST_FN).variant(dev, DEVICE_FN).spawn(in(a)).get());
    }

    @Test
    void eachSpaceIsTriedUntilCalibratedThenTheFasterOneWinsWhenTheDataAreSmall() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] a = new double[100];
        try (Weft weft = Weft.builder().workers(2).build()) {
            List<String> first = new ArrayList<>();
            for (int i = 0; i < 2 * AutoPlacement.CALIBRATION; i++) first.add(run(weft, a, dev));
            assertEquals(List.of("host", "host", "host", "device", "device", "device"), first, "calibration, in the order given");
            measured(weft, HOST_FN, HOST, a, 10_000_000);
            measured(weft, DEVICE_FN, dev, a, 1_000_000);
            assertEquals("device", run(weft, a, dev), "800 bytes to move cost far less than the 9 ms saved");
        }
    }

    @Test
    void bigInputsStayWhereTheyAreUnlessTheyAreAlreadyCurrentElsewhere() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] a = new double[1 << 20];          // 8 MiB: about 4 ms at the assumed 2 GB/s
        try (Weft weft = Weft.builder().workers(2).build()) {
            measured(weft, HOST_FN, HOST, a, 1_200_000);
            measured(weft, DEVICE_FN, dev, a, 1_000_000);
            assertEquals("host", run(weft, a, dev), "moving 8 MiB costs more than the 0.2 ms the device saves");
            try (Shared<double[]> s = weft.share(a)) {
                weft.region(r -> r.task((double[] x) -> { x[0] = 1; }).on(dev).spawn(inOut(a)));
                assertEquals("device", run(weft, a, dev), "now the data are current on the device only");
                assertEquals(1, s.get()[0]);
            }
        }
    }

    @Test
    void aPlannedWriteElsewhereCountsBeforeItRuns() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] a = new double[1 << 20];
        try (Weft weft = Weft.builder().workers(2).build()) {
            measured(weft, HOST_FN, HOST, a, 1_200_000);
            measured(weft, DEVICE_FN, dev, a, 1_000_000);
            String chosen = weft.regionResult(r -> {
                r.task((double[] x) -> { x[1] = 2; }).on(dev).spawn(inOut(a));      // spawned, maybe not run yet
                return r.task(HOST_FN).variant(dev, DEVICE_FN).spawn(in(a)).get();
            });
            assertEquals("device", chosen, "the tracker's plan says the bytes will be current on the device only");
        }
    }

    @Test
    void runTimesAreKeptPerSizeClassSoANewSizeIsCalibratedAgain() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] small = new double[100], big = new double[1 << 16];
        try (Weft weft = Weft.builder().workers(2).build()) {
            measured(weft, HOST_FN, HOST, small, 10_000_000);
            measured(weft, DEVICE_FN, dev, small, 1_000_000);
            assertEquals("device", run(weft, small, dev));
            assertEquals("host", run(weft, big, dev), "a size never measured: calibrated from the first candidate");
        }
    }

    @Test
    void aVariantMustBeAFunctionOfTheSameArity() {
        try (Weft weft = Weft.builder().workers(2).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> weft.region(r ->
                    r.task(HOST_FN).variant(MemorySpaces.heapMirror("device"), (org.weft.Fn2<double[], double[], String>) (x, y) -> "two")));
            assertEquals(true, e.getMessage().contains("not a function of 1 arguments"), e.getMessage());
        }
    }
}
