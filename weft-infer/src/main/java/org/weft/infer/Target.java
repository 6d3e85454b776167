package org.weft.infer;

import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.constant.ClassDesc;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.List;

/**
 * A method with bytecode to analyse: its class (as loaded, which fixes the class loader that resolves the
 * names it uses), that class's class file, and the method in it.
 *
 * @param owner  the declaring class
 * @param model  its class file
 * @param method the method
 */
record Target(Class<?> owner, ClassModel model, MethodModel method) {

    boolean hasReceiver() {
        return !method.flags().has(AccessFlag.STATIC);
    }

    /** Types of every parameter, the receiver first for an instance method or constructor. */
    List<ClassDesc> parameterTypes() {
        List<ClassDesc> ps = new ArrayList<>();
        if (hasReceiver()) ps.add(model.thisClass().asSymbol());
        ps.addAll(method.methodTypeSymbol().parameterList());
        return ps;
    }

    /** "Kernels.axpyInto(double[], double[])". */
    String label() {
        return MethodAnalysis.label(model.thisClass().asInternalName(), method.methodName().stringValue(), method.methodTypeSymbol());
    }

    /**
     * The key of this method's summary when analysed with parameter {@code p} (the receiver first) exactly of class
     * {@code exact[p]} where that is non-null: "Kernels.sum([D)D", then "!" and each exact class or "-".
     */
    String key(Class<?>[] exact) {
        StringBuilder k = new StringBuilder(owner.getName()).append('.').append(method.methodName().stringValue()).append(method.methodType().stringValue());
        boolean any = false;
        for (Class<?> c : exact) any |= c != null;
        if (!any) return k.toString();
        for (Class<?> c : exact) k.append('!').append(c == null ? "-" : c.getName());
        return k.toString();
    }
}
