package org.weft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * The {@code weft} command: {@code weft demo} runs a tiled Cholesky factorization (or LU, QR, GEMM) on the
 * runtime with OpenBLAS kernels, {@code weft bench} runs the benchmarks and {@code weft explain} explains the
 * access modes of a task function. The {@code ./weft} launcher at the repository root builds this module
 * when needed and runs {@link #main}.
 */
@Command(name = "weft", mixinStandardHelpOptions = true, versionProvider = WeftCli.Version.class,
        description = "Weft, a data-dependency task runtime for Java.",
        subcommands = {DemoCommand.class, BenchCommand.class, ExplainCommand.class, CommandLine.HelpCommand.class})
public final class WeftCli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a subcommand: says so in one line and fails as a usage error does. */
    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        cli.getErr().println("weft: missing a command: " + String.join(", ", cli.getSubcommands().keySet()) + " (see 'weft --help')");
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * The command line, configured as {@link #main} runs it: {@code @file} arguments are passed on as they
     * are, since {@code weft bench} hands its arguments to another parser; a usage error prints one line, the
     * command and what is wrong, and where to read the options, rather than the whole usage.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new WeftCli()).setExpandAtFiles(false).setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(WeftCli::usageError);
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        String command = cli.getCommandSpec().qualifiedName();
        cli.getErr().println(command + ": " + e.getMessage() + " (see '" + command + " --help')");
        return CommandLine.ExitCode.USAGE;
    }

    public static void main(String... args) {
        System.exit(commandLine().execute(args));
    }

    /** The project version, from a resource the build fills in, and the Java runtime. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = WeftCli.class.getResourceAsStream("version.properties")) {
                if (in != null) p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("reading the version resource", e);
            }
            return new String[] {
                    "weft " + p.getProperty("version", "(unknown version)"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ", " + System.getProperty("java.home") + ")"
            };
        }
    }
}
