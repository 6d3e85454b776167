/** Access-mode inference from bytecode, with explanations; found by the core through {@link java.util.ServiceLoader}. */
module org.weft.infer {
    requires org.weft.core;

    provides org.weft.spec.ModeInference with org.weft.infer.BytecodeInference;
}
