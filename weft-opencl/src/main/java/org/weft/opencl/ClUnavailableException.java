package org.weft.opencl;

/**
 * No OpenCL is usable in this process: the loader library is missing, or it finds no platform or no device.
 * The message says which, and what to install.
 */
public final class ClUnavailableException extends ClException {
    ClUnavailableException(String why) {
        super(why);
    }
}
