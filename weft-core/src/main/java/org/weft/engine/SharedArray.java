package org.weft.engine;

import org.weft.Mode;
import org.weft.Shared;
import org.weft.coherence.Coherence;
import org.weft.coherence.Directory;

/**
 * {@link Shared} over one primitive array: its directory is marked shared, so regions neither write it back nor drop
 * its replicas; this handle brings it home on request. Thread-safe in the sense of its contract: one user at a time,
 * between regions.
 */
final class SharedArray<T> implements Shared<T> {
    private final Coherence coherence;
    private final T array;
    private final Directory directory;
    private Mode acquired;
    private boolean closed;

    SharedArray(Coherence coherence, T array, Directory directory) {
        this.coherence = coherence;
        this.array = array;
        this.directory = directory;
    }

    @Override
    public synchronized T get() {
        check();
        coherence.writeBack(directory, false);
        return array;
    }

    @Override
    public synchronized T acquire(Mode mode) {
        check();
        if (mode != Mode.IN && mode != Mode.INOUT && mode != Mode.OUT)
            throw new IllegalArgumentException("acquire(" + mode + "): a shared array is acquired IN, INOUT or OUT");
        if (acquired != null) throw new IllegalStateException("this shared array is already acquired (" + acquired + "); release it first");
        if (mode != Mode.OUT) coherence.writeBack(directory, false);
        acquired = mode;
        return array;
    }

    @Override
    public synchronized void release() {
        if (acquired == null) throw new IllegalStateException("release() without acquire()");
        if (acquired != Mode.IN) coherence.written(org.weft.data.Views.whole(array), 0);
        acquired = null;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        coherence.writeBack(directory, true);
    }

    private void check() {
        if (closed) throw new IllegalStateException("this shared array was closed");
    }

    @Override
    public String toString() {
        return "Shared[" + array.getClass().getSimpleName() + "]";
    }
}
