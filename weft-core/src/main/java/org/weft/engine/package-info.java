/**
 * The engine: regions and tasks, and the one door the API uses, {@link org.weft.engine.Engine}. Not exported.
 *
 * <p>A spawn is resolved into an immutable {@link org.weft.engine.TaskSpec} ({@code SpawnResolver}: what the function
 * receives, every access it makes, its placement) before anything is registered; the region registers its accesses
 * with the dependency tracker ({@code org.weft.deps}), which also plans where placed data must be copied; the task's
 * node ({@code TaskNode}) holds the spec and the run state. Ready nodes go to the host's work-stealing scheduler
 * ({@code org.weft.sched}) or to their space's processor. Extra nodes of the graph: reduction combines, copies
 * between memory spaces, commits of renamed writers.
 */
package org.weft.engine;
