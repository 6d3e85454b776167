package org.weft.engine;

/**
 * Initializes, when the first runtime is built, every class of the core that has a static initializer.
 *
 * <p>The JFR event class is initialized too, but if it has failed for good, the runtime goes without JFR events
 * rather than not at all.
 *
 * <p>Why: a class whose static initializer fails (an {@link OutOfMemoryError} at the wrong moment) can never
 * be used again in that JVM: every later use throws {@link NoClassDefFoundError}. Left to first use, that moment
 * could be the first task of a region, long after the program started. Initialized here, the failure happens
 * in {@link org.weft.Weft.Builder#build()}, which says so plainly; once a runtime was built, no class initialization is
 * left to fail on its paths. {@code RuntimeClassesTest} checks that the list names every such class. (String
 * concatenation in the core compiles to plain {@code StringBuilder} code, see the pom, and the engine's paths
 * avoid lambdas and pattern switches, so no call site has a bootstrap method left to fail either.)
 */
final class RuntimeClasses {
    /** Every class with a static initializer (RuntimeClassesTest checks this). */
    static final String[] NAMES = {
            "org.weft.Builtin",
            "org.weft.resolve.Captures",
            "org.weft.resolve.FnInfo",
            "org.weft.resolve.Immutables",
            "org.weft.Mode",
            "org.weft.resolve.ParamModes$1",
            "org.weft.resolve.PrecomputedSpecs",
            "org.weft.engine.AutoPlacement",
            "org.weft.engine.CopyNode",
            "org.weft.coherence.Coherence$Flight",
            "org.weft.coherence.Coherence$Join",
            "org.weft.engine.RegionImpl",
            "org.weft.engine.SpawnResolver",
            "org.weft.engine.SpawnSite",
            "org.weft.resolve.Specs",
            "org.weft.resolve.Specs$Service",
            "org.weft.Task$State",
            "org.weft.engine.TaskNode",
            "org.weft.engine.TaskNode$OnProcessor",
            "org.weft.engine.TaskSpec",
            "org.weft.engine.TaskSpec$Options",
            "org.weft.memory.MemorySpaces",
            "org.weft.data.Matrix",
            "org.weft.data.NativeMemory",
            "org.weft.data.SegmentSlice",
            "org.weft.deps.CommuteLock",
            "org.weft.deps.DepTracker$1",
            "org.weft.deps.DepTracker$HostOnly",
            "org.weft.deps.GraphNode",
            "org.weft.deps.Group",
            "org.weft.deps.NodeList",
            "org.weft.sched.Scheduler",
            "org.weft.spec.Explanation$Source",
            "org.weft.spec.SpecPolicy",
    };

    /** The JFR event class: optional, for if it cannot be initialized Weft runs without its JFR events. */
    private static final String JFR_EVENT = "org.weft.trace.TaskEvent", JFR_COPY_EVENT = "org.weft.trace.CopyEvent";

    /** False if the JFR event class could not be initialized in this JVM: tasks then emit no JFR event. */
    static boolean jfrEvents = true;

    private static volatile boolean done;

    private RuntimeClasses() {
    }

    /** Initializes the classes once per JVM; throws {@link IllegalStateException} naming the class that failed. */
    static void initialize() {
        if (done) return;
        ClassLoader loader = RuntimeClasses.class.getClassLoader();
        for (String name : NAMES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Weft's class " + name + " is missing from the class path", e);
            } catch (Throwable e) {
                boolean permanent = e instanceof LinkageError;
                throw new IllegalStateException("Weft cannot start: initialising its class " + name + " failed (" + e + ")"
                        + (permanent ? "; a class that failed to initialise cannot be used again, so this JVM cannot run Weft until it restarts"
                        : "; building a runtime again may succeed once memory is available"), e);
            }
        }
        try {
            Class.forName(JFR_EVENT, true, loader);
            Class.forName(JFR_COPY_EVENT, true, loader);
        } catch (Throwable e) {
            if (e instanceof LinkageError) {
                jfrEvents = false;
                System.getLogger("org.weft").log(System.Logger.Level.WARNING,
                        "Weft runs without its JFR events: their class could not be initialised (" + e + ")");
            } else {
                throw new IllegalStateException("Weft cannot start: initialising its JFR event class failed (" + e + ")"
                        + "; building a runtime again may succeed once memory is available", e);
            }
        }
        done = true;
    }
}
