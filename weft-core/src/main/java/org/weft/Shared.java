package org.weft;

/**
 * A primitive array whose replicas outside the host survive the regions that made them ({@link Weft#share}): what
 * tasks placed in a memory space wrote there stays current there, and comes home only when asked, so an iterative
 * computation on a device moves its data in once and out once, not at every region.
 *
 * <p>Tasks use the array itself, or views over it, as with any array; the runtime recognises it. Outside a region,
 * read or write it only through this handle: the array may hold stale bytes while a replica elsewhere is current.
 * A shared array belongs to one region at a time.
 *
 * @param <T> the array type
 */
public interface Shared<T> extends AutoCloseable {

    /** The array with its current value: stale bytes are copied home first; replicas elsewhere stay current. */
    T get();

    /**
     * The array, for the caller to read ({@link Mode#IN}) or also write ({@link Mode#INOUT}, {@link Mode#OUT}) until
     * {@link #release()}; current first, except for {@code OUT}. After a writing acquire is released the home array
     * holds the only current value, and tasks elsewhere get copies of it.
     */
    T acquire(Mode mode);

    /** Ends an {@link #acquire}. */
    void release();

    /** Brings the current value home, frees every replica and ends the sharing; the array is an ordinary one again. */
    @Override
    void close();
}
