package org.weft.cli;

import org.weft.bench.BenchMain;
import org.weft.bench.PlacementRun;
import org.weft.bench.StencilRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code weft bench ...}: hands every argument after {@code bench}, options included and in order, to
 * {@link BenchMain#run} and exits with its code; {@code weft bench stencil ...} goes to {@link StencilRun#run}
 * and {@code weft bench placement ...} to {@link PlacementRun#run} instead. The benchmarks parse and document
 * their own options.
 */
@Command(name = "bench", description = {
        "Runs the benchmarks.",
        "",
        "weft bench micro [options] | weft bench linalg [options] | weft bench stencil [options] | weft bench placement [options] | "
                + "weft bench jmh [options]. Every argument after 'bench' goes to the benchmark runner unchanged; see "
                + "'weft bench --help', 'weft bench stencil --help' and 'weft bench placement --help'."})
final class BenchCommand implements Callable<Integer> {
    /** The lines {@code weft bench --help} adds for the OpenCL benchmarks (stencil, placement). */
    static final String STENCIL_USAGE =
            "       weft bench stencil [options]   1-D stencil on an OpenCL device: Weft shared vs. raw arrays vs. hand-written OpenCL\n"
                    + "       weft bench placement [options] automatic host/OpenCL placement vs. always-host, always-device and a per-task oracle\n";

    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() {
        String[] args = arguments.toArray(String[]::new);
        if (args.length > 0 && args[0].equals("stencil")) {
            String[] rest = new String[args.length - 1];
            System.arraycopy(args, 1, rest, 0, rest.length);
            return StencilRun.run(System.out, System.err, rest);
        }
        if (args.length > 0 && args[0].equals("placement")) {
            String[] rest = new String[args.length - 1];
            System.arraycopy(args, 1, rest, 0, rest.length);
            return PlacementRun.run(System.out, System.err, rest);
        }
        int code = BenchMain.run(args);
        if (args.length == 0) System.err.print(STENCIL_USAGE);
        else if (args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) System.out.print(STENCIL_USAGE);
        return code;
    }
}
