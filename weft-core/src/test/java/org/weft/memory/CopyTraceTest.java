package org.weft.memory;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.weft.Weft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.inOut;

/** Copies between memory spaces in the Perfetto trace (a track per space) and as JFR {@code org.weft.Copy} events. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CopyTraceTest {

    @Test
    void copiesHaveATrackPerSpaceInTheTraceAndAJfrEventEach(@TempDir Path tmp) throws IOException {
        MemorySpace dev = MemorySpaces.heapMirror("gpu-like");
        Path trace = tmp.resolve("trace.json");
        double[] a = new double[100];
        List<RecordedEvent> events;
        try (Recording rec = new Recording()) {
            rec.enable("org.weft.Copy");
            rec.start();
            try (Weft weft = Weft.builder().workers(2).trace(trace).build()) {
                weft.region(r -> r.task(CopyCountTest::addOne).on(dev).spawn(inOut(a)));
            }
            rec.stop();
            Path file = tmp.resolve("weft.jfr");
            rec.dump(file);
            events = RecordingFile.readAllEvents(file);
        }
        String json = Files.readString(trace);
        assertTrue(json.contains("\"name\":\"memory: gpu-like\""), "a track for the device space");
        assertTrue(json.contains("\"name\":\"memory: host\""), "a track for the host, where the write-back lands");
        assertTrue(json.contains("copy to gpu-like (800 bytes)"), json);
        assertTrue(json.contains("copy to host (800 bytes)"), json);
        // A recording file groups events by the thread buffer they were written to, not by time: order them by start.
        List<String> copies = events.stream()
                .filter(e -> e.getEventType().getName().equals("org.weft.Copy"))
                .sorted(Comparator.comparing(RecordedEvent::getStartTime))
                .map(e -> e.getString("to") + ":" + e.getLong("bytes"))
                .toList();
        assertEquals(List.of("gpu-like:800", "host:800"), copies);
    }
}
