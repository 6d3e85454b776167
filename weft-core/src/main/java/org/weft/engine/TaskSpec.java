package org.weft.engine;

import org.weft.deps.AccessRec;
import org.weft.memory.MemorySpace;
import org.weft.memory.Processor;
import org.weft.resolve.FnInfo;

import java.util.List;

/**
 * What a spawned task is, apart from how its run goes: the function, the values it receives, every access it
 * makes (view and mode), which arguments are tasks and which reduction partials, what its result may alias, and
 * how it was asked to run ({@link Options}: name, priority, retries, placement). Made once, by the
 * {@link SpawnResolver}, before anything is registered; immutable afterwards (the {@link AccessRec}s carry what
 * registering them produced, written by the spawner before the task is published).
 *
 * <p>A {@link TaskNode} holds its spec until it finishes, and its run state (result, failure, waiters) beside
 * it. Placement, copies and a later record/replay read the spec, never the run state.
 */
public final class TaskSpec {
    static final Object[] NO_ARGS = {};
    static final AccessRec[] NO_ACCESSES = {};

    /**
     * How a task was asked to run, from its {@link org.weft.TaskBuilder}; {@link #PLAIN} for a plain spawn.
     *
     * @param name        the given name, or null for the function's label
     * @param nameIndices shown after the name ({@code name(i,j)}), or null
     * @param priority    larger runs earlier among ready tasks
     * @param retries     how many times a failed run is tried again
     * @param space       the memory space it runs in; null for the host
     * @param atomic      what it writes is committed only if it returns normally (see {@link UndoLog})
     * @param candidates  the spaces the runtime chooses from ({@link AutoPlacement}), or null; after the choice, the
     *                    task's run time is measured for later choices
     * @param variants    per candidate, the function to run there instead of the task's own, or null entries
     * @param sizeClass   for a task the runtime placed, the size class of its data (see {@link AutoPlacement})
     */
    public record Options(String name, int[] nameIndices, int priority, int retries, MemorySpace space, boolean atomic,
                          MemorySpace[] candidates, Object[] variants, int sizeClass) {
        static final Options PLAIN = new Options(null, null, 0, 0, null, false, null, null, 0);
        static final Options ATOMIC = new Options(null, null, 0, 0, null, true, null, null, 0);

        /** These options with the space chosen among the candidates, for data of size class {@code sizeClass}. */
        Options placedOn(MemorySpace chosen, int sizeClass) {
            return new Options(name, nameIndices, priority, retries, chosen == org.weft.memory.MemorySpaces.host() ? null : chosen, atomic,
                    candidates, variants, sizeClass);
        }
    }

    final Object fn;
    final FnInfo info;
    final int arity;
    /** The values the function receives, except for task and reduction arguments, resolved when it runs. */
    final Object[] args;
    /** Bit i set: argument i is a {@link TaskNode} whose result the function receives. */
    final int taskArgs;
    /** Bit i set: argument i is reduced; the function receives a private partial. */
    final int reduceArgs;
    final AccessRec[] accesses;
    /** The data the task's result may alias, or null; a task that receives the result accesses these too. */
    final Object[] resultAliases;
    final Options options;
    /** The id of the memory space the task runs in, in its runtime; 0 for the host. */
    final int space;
    /** Who runs the task if not the host's workers: its space's processor; null otherwise. */
    final Processor processor;

    TaskSpec(Object fn, FnInfo info, int arity, Object[] args, int taskArgs, int reduceArgs, AccessRec[] accesses,
             Object[] resultAliases, Options options, int space, Processor processor) {
        this.fn = fn;
        this.info = info;
        this.arity = arity;
        this.args = args == null ? NO_ARGS : args;
        this.taskArgs = taskArgs;
        this.reduceArgs = reduceArgs;
        this.accesses = accesses;
        this.resultAliases = resultAliases;
        this.options = options;
        this.space = space;
        this.processor = processor;
    }

    /** The task's function object (a method reference or lambda). */
    public Object function() {
        return fn;
    }

    /** Every access the task makes, in resolution order: its arguments' first, then its access list's and what it reaches. */
    public List<AccessRec> accesses() {
        return List.of(accesses);
    }

    public Options options() {
        return options;
    }
}
