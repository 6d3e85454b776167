package org.weft;

/**
 * The code of a region that computes a value: spawns tasks into {@code region}, may wait for some of them, and
 * returns a result, which {@link Weft#regionResult} returns once every task has finished.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface RegionFn<R> {
    R apply(Region region) throws Exception;
}
