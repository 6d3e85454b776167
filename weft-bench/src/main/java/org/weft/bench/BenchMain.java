package org.weft.bench;

/** Entry point of {@code weft bench}: {@code run("micro", "--reps", "5")}. Returns a process exit code. */
public final class BenchMain {
    private BenchMain() {
    }

    public static int run(String... args) {
        System.err.println("usage: weft bench micro [options]");
        return 2;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
