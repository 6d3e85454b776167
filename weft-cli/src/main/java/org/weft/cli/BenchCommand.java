package org.weft.cli;

import org.weft.bench.BenchMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code weft bench ...}: hands every argument after {@code bench}, options included and in order, to
 * {@link BenchMain#run} and exits with its code. The benchmarks parse and document their own options.
 */
@Command(name = "bench", description = {
        "Runs the benchmarks.",
        "",
        "weft bench micro [options] | weft bench jmh [options]. Every argument after 'bench' goes to the benchmark "
                + "runner unchanged; see 'weft bench --help'."})
final class BenchCommand implements Callable<Integer> {
    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() {
        return BenchMain.run(arguments.toArray(String[]::new));
    }
}
