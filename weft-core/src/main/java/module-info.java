/**
 * Weft's core: regions, tasks and their accesses ({@code org.weft}), views over data ({@code org.weft.data}), and
 * access-mode specs ({@code org.weft.spec}), and memory spaces ({@code org.weft.memory}).
 *
 * <p>The engine is not exported: dependency tracking ({@code org.weft.deps}), scheduling ({@code org.weft.sched}),
 * tracing ({@code org.weft.trace}), coherence ({@code org.weft.coherence}), spec resolution ({@code org.weft.resolve}) and the regions and tasks that drive
 * them ({@code org.weft.engine}). The API reaches it through one door, {@code org.weft.engine.Engine}. The benchmarks
 * measure engine parts directly, through qualified exports.
 */
module org.weft.core {
    requires jdk.jfr;

    exports org.weft;
    exports org.weft.data;
    exports org.weft.spec;
    exports org.weft.memory;

    exports org.weft.deps to org.weft.bench;
    exports org.weft.sched to org.weft.bench;
    exports org.weft.resolve to org.weft.bench;

    uses org.weft.spec.ModeInference;
}
