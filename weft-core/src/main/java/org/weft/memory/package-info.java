/**
 * Memory spaces: where the replicas of data live and where placed tasks find them.
 *
 * <p>A task placed in a space ({@code r.task(fn).on(space)}, or chosen among candidates with {@code onAny}) receives
 * its data as views of the same shape over that space's replicas. The runtime keeps, for every root array, which
 * spaces hold its current bytes, byte for byte, and copies only what is stale where a task needs it, as nodes of the
 * task graph. Raw arrays come home at the end of their region; {@link org.weft.Weft#share shared} ones when asked.
 *
 * <ul>
 *   <li>{@link org.weft.memory.MemorySpace}: the SPI a space implements (allocate a replica, copy byte runs between a
 *   root's home array and a replica as one operation, present a replica to a parameter type), with an optional
 *   {@link org.weft.memory.Processor} running its tasks on threads of its own.</li>
 *   <li>{@link org.weft.memory.MemorySpaces}: the host, off-heap native memory, heap mirrors. OpenCL devices are in
 *   the {@code weft-opencl} module ({@code org.weft.opencl.ClSpace}).</li>
 *   <li>{@link org.weft.memory.MemoryStats}: copies and bytes per pair of spaces, bytes held, renames.</li>
 * </ul>
 */
package org.weft.memory;
