package org.weft.cli;

import org.weft.bench.BenchMain;
import org.weft.bench.StencilRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code weft bench ...}: hands every argument after {@code bench}, options included and in order, to
 * {@link BenchMain#run} and exits with its code; {@code weft bench stencil ...} goes to {@link StencilRun#run}
 * instead. The benchmarks parse and document their own options.
 */
@Command(name = "bench", description = {
        "Runs the benchmarks.",
        "",
        "weft bench micro [options] | weft bench linalg [options] | weft bench stencil [options] | weft bench jmh [options]. "
                + "Every argument after 'bench' goes to the benchmark runner unchanged; see 'weft bench --help' "
                + "and 'weft bench stencil --help'."})
final class BenchCommand implements Callable<Integer> {
    /** The line {@code weft bench --help} adds for the stencil benchmark. */
    static final String STENCIL_USAGE =
            "       weft bench stencil [options]   1-D stencil on an OpenCL device: Weft shared vs. raw arrays vs. hand-written OpenCL\n";

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
        int code = BenchMain.run(args);
        if (args.length == 0) System.err.print(STENCIL_USAGE);
        else if (args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) System.out.print(STENCIL_USAGE);
        return code;
    }
}
