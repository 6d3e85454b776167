package org.weft;

/** The code of a region: spawns tasks into {@code region}, may wait for some of them. */
@FunctionalInterface
public interface RegionBody {
    void run(Region region) throws Exception;
}
