package org.weft.bench;

import org.weft.Weft;
import org.weft.data.DoubleSlice;
import org.weft.data.SegmentSlice;
import org.weft.data.Views;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.weft.Access.in;
import static org.weft.Access.out;
import static org.weft.Access.val;

/**
 * Copies overlapping compute, read from a Perfetto trace: a producer/consumer pipeline in which host tasks write 32
 * chunks of an array and tasks placed off-heap read them, so each chunk's copy becomes ready when its producer ends
 * and runs beside the other worker's tasks. Writes the trace to the path given and prints how many copy slices, and
 * how much copy time, overlap a running task. {@code java -cp <weft-bench and weft-core jars> org.weft.bench.CopyOverlap trace.json}
 */
public final class CopyOverlap {
    private CopyOverlap() {
    }

    static void produce(DoubleSlice s, Long k) {
        for (int rep = 0; rep < 20; rep++) for (int i = 0; i < s.length(); i++) s.set(i, Math.sin(i + k + rep));
    }

    static double consume(SegmentSlice s) {
        double acc = 0;
        for (int rep = 0; rep < 20; rep++) for (long i = 0; i < s.count(); i++) acc += Math.cos(s.getDouble(i) + rep);
        return acc;
    }

    public static void main(String[] args) throws Exception {
        int chunks = 32, len = 1 << 16;
        Path trace = Path.of(args[0]);
        double[] data = new double[chunks * len];
        MemorySpace off = MemorySpaces.offHeap("off-heap");
        try (Weft weft = Weft.builder().workers(2).trace(trace).build()) {
            weft.region(r -> {
                for (int k = 0; k < chunks; k++) {
                    DoubleSlice chunk = Views.range(data, k * len, (k + 1) * len);
                    r.spawn(CopyOverlap::produce, out(chunk), val((long) k));
                    r.task(CopyOverlap::consume).on(off).spawn(in(chunk));
                }
            });
            System.out.println(weft.memoryStats());
        }
        String json = Files.readString(trace);
        List<double[]> copies = new ArrayList<>(), tasks = new ArrayList<>();
        Matcher x = Pattern.compile("\"ph\":\"X\",\"pid\":1,\"tid\":(\\d+),\"name\":\"[^\"]*\",\"cat\":\"(\\w+)\",\"ts\":([0-9.]+),\"dur\":([0-9.]+)").matcher(json);
        while (x.find()) {
            double ts = Double.parseDouble(x.group(3)), dur = Double.parseDouble(x.group(4));
            if (x.group(2).equals("copy")) copies.add(new double[]{ts, ts + dur});
            else if (x.group(2).equals("task")) tasks.add(new double[]{ts, ts + dur});
        }
        double copyTime = 0, overlapped = 0;
        int n = 0;
        for (double[] c : copies) {
            copyTime += c[1] - c[0];
            double o = 0;
            for (double[] t : tasks) o += Math.max(0, Math.min(c[1], t[1]) - Math.max(c[0], t[0]));
            o = Math.min(o, c[1] - c[0]);
            overlapped += o;
            if (o > 0) n++;
        }
        System.out.printf("%d copy slices (%.1f ms), %d overlap a running task; %.1f ms of copy time (%.0f %%) overlaps task time; %d task slices%n",
                copies.size(), copyTime / 1e3, n, overlapped / 1e3, 100 * overlapped / Math.max(copyTime, 1e-9), tasks.size());
    }
}
