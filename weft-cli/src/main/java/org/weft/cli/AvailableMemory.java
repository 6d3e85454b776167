package org.weft.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The memory a new allocation can get on this machine, for refusing inputs that cannot fit before allocating them. */
final class AvailableMemory {
    private AvailableMemory() {
    }

    /**
     * Bytes available: Linux's {@code MemAvailable} (free memory plus what the kernel can reclaim, such as the
     * page cache), else the free physical memory the JVM reports; 0 if neither is known.
     */
    static long bytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo")))
                if (line.startsWith("MemAvailable:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        } catch (IOException | NumberFormatException e) {
            // not Linux, or an unexpected format: ask the JVM
        }
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getFreeMemorySize() : 0;
    }
}
