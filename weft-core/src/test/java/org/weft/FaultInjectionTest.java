package org.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.faults.FaultLoader;
import org.weft.faults.Faults;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault injection into the runtime's own code (issue 9, "how to prove it"). The core's classes are loaded again
 * through {@link FaultLoader}, which puts a hook in front of every call and allocation of their code (a site), and
 * a scenario that goes through most of the runtime's paths ({@link org.weft.faults.Scenario}) runs on them. A
 * fault-free run records the sites it reaches and the result. Then, for every site reached, a fresh runtime runs
 * the scenario with that site armed to throw once (a {@link RuntimeException}, an {@link OutOfMemoryError} or a
 * {@link StackOverflowError}, in turn), the first time it is reached and, for sites reached more often, halfway
 * through. Each time: the run must end (a watchdog turns a hang into a failure), either by throwing or with the
 * right result; the next run on the same runtime must give the right result; and the runtime must close.
 */
class FaultInjectionTest {

    /** Lines of a hang report kept per problem, and problems after which the sweep stops (hung threads pile up). */
    private static final int MAX_LINES = Integer.getInteger("weft.faults.lines", 12), MAX_PROBLEMS = 20;

    private record Outcome(int site, int occurrence, String throwable, String result) {
    }

    @Test
    void aThrowableAtAnySiteOfTheRuntimeEndsAsAFailureOrIsAbsorbedAndTheRuntimeStaysUsable(@TempDir Path tmp) throws Exception {
        FaultLoader loader = new FaultLoader(getClass().getClassLoader(), codeSource(Weft.class), codeSource(FaultInjectionTest.class));
        Class<?> scenario = loader.loadClass("org.weft.faults.Scenario");
        Class<?> weftClass = loader.loadClass(Weft.class.getName());       // the instrumented one
        Method build = scenario.getMethod("build", int.class, Path.class), run = scenario.getMethod("run", weftClass),
                close = scenario.getMethod("close", weftClass);

        Faults.startCounting(1 << 20);
        Object dry = build.invoke(null, 2, tmp);
        long expected = (long) invoke(run, dry);
        assertEquals(expected, (long) invoke(run, dry), "the scenario is deterministic");
        invoke(close, dry);
        int[] hits = Faults.stopCounting();
        int sites = loader.siteCount();

        List<Outcome> outcomes = new ArrayList<>();
        int trials = 0, fired = 0, failed = 0;
        List<String> problems = new ArrayList<>();
        sweep:
        for (int site = 0; site < sites; site++) {
            if (hits[site] == 0) continue;
            int[] occurrences = hits[site] > 2 ? new int[]{1, hits[site] / 2} : new int[]{1};
            for (int occurrence : occurrences) {
                Throwable fault = switch (trials % 3) {
                    case 0 -> new IllegalStateException("injected at " + loader.site(site));
                    case 1 -> new OutOfMemoryError("injected at " + loader.site(site));
                    default -> new StackOverflowError("injected at " + loader.site(site));
                };
                trials++;
                final int armed = site;
                String where = "site " + site + " (" + loader.site(site) + "), occurrence " + occurrence + ", " + fault.getClass().getSimpleName();
                Object weft = build.invoke(null, 2, tmp);
                String[] result = new String[1];
                try {
                    Watchdog.within(30, "the scenario with a fault at " + where, () -> {
                        Faults.arm(armed, occurrence, fault);
                        Long d = null;
                        try {
                            d = (long) invoke(run, weft);
                            result[0] = "completed";
                        } catch (Throwable e) {
                            result[0] = "failed: " + e;
                        } finally {
                            Faults.disarm();
                        }
                        if (d != null) assertEquals(expected, d, "completed after a fault at " + where + ", with a wrong result");
                    });
                    if (Faults.fired()) fired++;
                    if (result[0].startsWith("failed")) failed++;
                    Watchdog.within(30, "the run after a fault at " + where, () ->
                            assertEquals(expected, (long) invoke(run, weft), "the run after a fault at " + where));
                    Watchdog.within(30, "close after a fault at " + where, () -> invoke(close, weft));
                } catch (AssertionError e) {
                    problems.add(e.getMessage().lines().limit(MAX_LINES).reduce((x, y) -> x + "\n" + y).orElse(""));
                    if (problems.size() >= MAX_PROBLEMS) break sweep;
                }
                outcomes.add(new Outcome(site, occurrence, fault.getClass().getSimpleName(), result[0]));
            }
        }
        System.out.println("FaultInjectionTest: " + sites + " sites in the core, " + trials + " trials at the sites the scenario reaches; "
                + fired + " faults thrown, " + failed + " runs failed, the others absorbed the fault with the right result");
        assertEquals(List.of(), problems, "faults that hung the runtime or gave a wrong result");
        assertTrue(fired > trials / 2, "most armed faults must fire: " + fired + " of " + trials);
    }

    private static Object invoke(Method m, Object arg) throws Exception {
        try {
            return m.invoke(null, arg);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception x) throw x;
            if (e.getCause() instanceof Error x) throw x;
            throw e;
        }
    }

    private static Path codeSource(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
