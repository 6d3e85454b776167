package org.weft.spec;

/**
 * What a raw task argument gets when neither a wrapper nor a declared spec gives its mode
 * ({@link org.weft.Weft.Builder#specPolicy}).
 */
public enum SpecPolicy {
    /**
     * The mode inferred from the function's bytecode (module {@code weft-infer}), which is never {@code IN}
     * for a parameter the function may write; {@code INOUT} when no inference is on the class path. The default.
     */
    INFER,
    /** No default: a raw data argument without a declared spec is an error at spawn. */
    STRICT,
    /**
     * {@code IN}, as Dagger's datadeps assume. Wrong, silently, for a function that writes an argument it did
     * not declare; for code ported from Dagger, and for measuring what inference costs.
     */
    READ_BY_DEFAULT
}
