package org.weft.bench;

import org.weft.opencl.ClDevice;
import org.weft.opencl.OpenCl;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/** The OpenCL device a device benchmark runs on: the one asked for, or the first that computes in double precision. */
final class BenchDevice {
    private BenchDevice() {
    }

    /** The device, or null with the exit code to return after a one-line reason printed on {@code err}. */
    record Pick(ClDevice device, int exitCode) {
    }

    /**
     * Picks device {@code index} (negative: the first with double precision) for {@code command}. Exit codes when there
     * is none: 3 without OpenCL or double precision, 2 for an index that names no device.
     */
    static Pick pick(String command, int index, PrintStream err) {
        Optional<String> why = OpenCl.unavailableReason();
        if (why.isPresent()) {
            err.println(command + ": no OpenCL: " + why.get().lines().findFirst().orElse(""));
            return new Pick(null, 3);
        }
        List<ClDevice> devices = OpenCl.get().devices();
        if (index >= 0) {
            if (index >= devices.size()) {
                err.println(command + ": there is no OpenCL device " + index + " (" + devices.size() + " found)");
                return new Pick(null, 2);
            }
            ClDevice device = devices.get(index);
            if (!device.doublePrecision()) {
                err.println(command + ": " + device.name() + " does not compute in double precision");
                return new Pick(null, 3);
            }
            return new Pick(device, 0);
        }
        ClDevice device = devices.stream().filter(ClDevice::doublePrecision).findFirst().orElse(null);
        if (device == null) {
            err.println(command + ": no OpenCL device computes in double precision");
            return new Pick(null, 3);
        }
        return new Pick(device, 0);
    }
}
