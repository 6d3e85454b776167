package org.weft.linalg;

import org.weft.WeftException;

/** The native BLAS/LAPACK library is missing or lacks a routine; the message says what to install. */
public final class NativeLibraryException extends WeftException {
    public NativeLibraryException(String message, Throwable cause) {
        super(message, cause);
    }
}
