package org.weft.bench;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MicroReportTest {

    @Test
    void modelNameFromLscpuAndCpuinfo() {
        assertEquals("AMD EPYC", MicroReport.modelName("Architecture:  x86_64\nModel name:    AMD EPYC\nStepping: 1\n", "Model name:"));
        assertEquals("Intel(R) Xeon(R) Processor", MicroReport.modelName("processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\n", "model name"));
        assertNull(MicroReport.modelName("nothing here", "Model name:"));
    }

    @Test
    void markdownNamesDateMachineCommandTableAndNotes() {
        RatioTable t = RatioTable.of(List.of(ResultLine.micro("chain", "weft", 2, 1_000_000, 0, 0.5, 0)), 2);
        String md = new MicroReport(Instant.parse("2026-11-25T03:04:54.123Z"), "AMD EPYC, 2 CPUs, Java 25", "weft bench micro --reps 5",
                t, List.of("StarPU anchor skipped: pkg-config knows no starpu-1.3")).markdown();
        assertTrue(md.startsWith("### weft bench micro, 2026-11-25T03:04:54Z\n"), md);
        assertTrue(md.contains("- command: `weft bench micro --reps 5`\n"), md);
        assertTrue(md.contains("- machine: AMD EPYC, 2 CPUs, Java 25\n"), md);
        assertTrue(md.contains("| chain | weft | 2 | 1/1 | 2,000,000 | 500.0 | — |\n"), md);
        assertTrue(md.endsWith("- StarPU anchor skipped: pkg-config knows no starpu-1.3\n"), md);
    }
}
