/**
 * The actual half of coherence: per root array, a {@link org.weft.coherence.Directory} of which memory spaces hold
 * its current bytes, and {@link org.weft.coherence.Coherence}, a runtime's spaces, directories and copy counters.
 * The planned half (which copy a task waits for) is in the dependency tracker. Not exported.
 */
package org.weft.coherence;
