package org.weft.infer;

import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.Set;

/**
 * What well-known JDK methods do to their arguments, stated rather than analysed: either their code is out of
 * reach (natives such as {@code System.arraycopy}, interface methods such as {@code MemorySegment.set} and
 * {@code List.size}), or stating it is more precise ({@code Arrays.fill(a, v)} overwrites {@code a} whole,
 * which is what proves {@code OUT}). Every entry must be sound: it may omit an effect only if the method's
 * contract rules it out.
 *
 * <p>Covered: {@code System.arraycopy}; {@code java.util.Arrays} (fill, sort of primitive arrays, setAll,
 * copies, comparisons, stream, asList); {@code Objects.requireNonNull}; {@code MemorySegment} (reads, writes,
 * fill, copies, slices); the {@code java.nio} buffers (absolute and relative gets and puts, position changes,
 * views); collection sizes, {@code List.get}, iterators and {@code forEach}, and the mutators of lists, sets,
 * maps, queues and deques; {@code forEach} and terminal sums of primitive streams; methods of strings and boxed
 * numbers that take only values; threads and executors, reflection and method handles (unknown, with that
 * reason); the reading methods of {@code java.lang.reflect.Array} and {@code VarHandle}; {@code StringBuilder}
 * queries and edits; collection queries ({@code toArray}, {@code contains} of arrays and values on collections that
 * compare by {@code equals}, {@code stream});
 * the intermediate and terminal operations of primitive streams; the plain primitive reads of
 * {@code jdk.internal.misc.Unsafe} and the vectorized array kernels of {@code jdk.internal.util.ArraysSupport}
 * (what {@code Arrays.equals}, {@code hashCode}, {@code mismatch} and {@code compare} run on); and the {@code java.util.concurrent} objects
 * other than collections and maps (atomics, latches, locks, executors), which synchronize themselves and are not data
 * (a call on one touches no data; what it is handed escapes). A concurrent collection or map synchronizes its own
 * structure but holds data like any other container: calls on one are not in the table, so what it holds is as
 * unknown as what any unseen code reaches. The contracts of JDK collections are trusted (a {@code List.get} does not modify the list); the
 * code of user types that a collection calls ({@code equals}, {@code hashCode}, {@code compareTo}) is not,
 * so an argument handed to a mutator is unknown.
 */
final class KnownMethods {
    /** True if the JDK class {@code owner} (internal name) is a collection or a map: a container of data, whatever it synchronizes. */
    static boolean holdsData(String owner) {
        try {
            Class<?> c = Class.forName(owner.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            return java.util.Collection.class.isAssignableFrom(c) || java.util.Map.class.isAssignableFrom(c);
        } catch (ClassNotFoundException | LinkageError e) {
            return true;            // a class that cannot be looked at is not known to hold nothing
        }
    }

    /** Returned by {@link #apply} for a method not in the table. */
    static final Value NOT_KNOWN = new Value(-1, 0, -1, "not known", false, null);

    private static final Set<String> VALUE_TYPES = Set.of("Ljava/lang/String;", "Ljava/lang/Integer;", "Ljava/lang/Long;",
            "Ljava/lang/Double;", "Ljava/lang/Float;", "Ljava/lang/Short;", "Ljava/lang/Byte;", "Ljava/lang/Character;",
            "Ljava/lang/Boolean;");
    private static final Set<String> VALUE_OWNERS = Set.of("java/lang/String", "java/lang/Integer", "java/lang/Long",
            "java/lang/Double", "java/lang/Float", "java/lang/Short", "java/lang/Byte", "java/lang/Character", "java/lang/Boolean",
            "java/lang/Math", "java/lang/StrictMath");
    private static final Set<String> BUFFERS = Set.of("java/nio/Buffer", "java/nio/ByteBuffer", "java/nio/CharBuffer",
            "java/nio/ShortBuffer", "java/nio/IntBuffer", "java/nio/LongBuffer", "java/nio/FloatBuffer", "java/nio/DoubleBuffer",
            "java/nio/MappedByteBuffer");
    private static final Set<String> LISTS = Set.of("java/util/List", "java/util/ArrayList", "java/util/LinkedList", "java/util/Vector");
    /** The descriptors of {@link #COLLECTIONS}: parameters an iterator or a stream may come from, never one itself. */
    private static final Set<String> CONTAINERS;

    /**
     * Collections whose {@code contains} compares by {@code equals} (lists, hash sets, deques and queues); a sorted set
     * compares by its comparator or the elements' {@code compareTo}, and a {@code Set} or {@code Collection} may be one.
     */
    private static final Set<String> EQUALS_LOOKUP = Set.of("java/util/List", "java/util/ArrayList", "java/util/LinkedList",
            "java/util/Vector", "java/util/HashSet", "java/util/LinkedHashSet", "java/util/Queue", "java/util/Deque", "java/util/ArrayDeque");
    private static final Set<String> COLLECTIONS = Set.of("java/lang/Iterable", "java/util/Collection", "java/util/List",
            "java/util/ArrayList", "java/util/LinkedList", "java/util/Vector", "java/util/Set", "java/util/HashSet",
            "java/util/LinkedHashSet", "java/util/TreeSet", "java/util/SortedSet", "java/util/NavigableSet", "java/util/Map",
            "java/util/HashMap", "java/util/LinkedHashMap", "java/util/TreeMap", "java/util/SortedMap", "java/util/NavigableMap",
            "java/util/Queue", "java/util/Deque", "java/util/ArrayDeque", "java/util/SequencedCollection", "java/util/SequencedMap");
    private static final Set<String> MUTATORS = Set.of("add", "addAll", "remove", "removeIf", "removeAll", "retainAll", "clear", "set",
            "sort", "replaceAll", "put", "putAll", "putIfAbsent", "offer", "poll", "push", "pop", "addFirst", "addLast",
            "removeFirst", "removeLast", "pollFirst", "pollLast", "offerFirst", "offerLast", "compute", "computeIfAbsent",
            "computeIfPresent", "merge", "replace", "putFirst", "putLast", "pollFirstEntry", "pollLastEntry");
    private static final Set<String> STREAMS = Set.of("java/util/stream/IntStream", "java/util/stream/LongStream", "java/util/stream/DoubleStream");
    private static final Set<String> THREADS = Set.of("java/lang/Thread", "java/lang/Thread$Builder", "java/lang/Thread$Builder$OfPlatform",
            "java/lang/Thread$Builder$OfVirtual", "java/util/concurrent/Executor", "java/util/concurrent/ExecutorService",
            "java/util/concurrent/ScheduledExecutorService", "java/util/concurrent/Executors", "java/util/concurrent/ForkJoinPool",
            "java/util/concurrent/ForkJoinTask", "java/util/concurrent/CompletableFuture", "java/util/concurrent/ThreadPoolExecutor",
            "java/util/concurrent/StructuredTaskScope");

    static {
        Set<String> c = new java.util.HashSet<>();
        for (String t : COLLECTIONS) c.add("L" + t + ";");
        CONTAINERS = Set.copyOf(c);
    }

    private KnownMethods() {
    }

    /** True for the descriptor of an immutable JDK value type (strings, boxed primitives). */
    static boolean isValueType(String descriptor) {
        return VALUE_TYPES.contains(descriptor);
    }

    /**
     * Applies the known effect of {@code owner.name mt} on {@code args} (the receiver first for an instance
     * method): returns the result (null for void), or {@link #NOT_KNOWN}.
     */
    static Value apply(MethodAnalysis a, Frame f, String owner, String name, MethodTypeDesc mt, Value[] args) {
        boolean instance = args.length == mt.parameterCount() + 1;
        Call c = new Call(a, f, owner, name, mt, args, instance);
        if (owner.startsWith("[")) return name.equals("clone") ? c.arrayClone() : NOT_KNOWN;
        if (owner.equals("java/lang/String") && name.equals("valueOf") && mt.descriptorString().equals("(Ljava/lang/Object;)Ljava/lang/String;"))
            return c.toStringOf(args[0]);
        if (VALUE_OWNERS.contains(owner)) return c.valuesOnly();
        if (BUFFERS.contains(owner)) return c.buffer();
        if (COLLECTIONS.contains(owner)) return c.collection();
        if (STREAMS.contains(owner)) return c.stream();
        if (THREADS.contains(owner)) return c.unknown("which may run it on another thread");
        if (owner.startsWith("java/util/concurrent/")) return holdsData(owner) ? NOT_KNOWN : c.selfSynchronized();
        if (owner.equals("java/lang/reflect/Array")) {
            Value v = c.reflectArray();
            if (v != NOT_KNOWN) return v;
        }
        if (owner.equals("java/lang/invoke/VarHandle")) {
            Value v = c.varHandleRead();
            if (v != NOT_KNOWN) return v;
        }
        if (owner.equals("java/lang/StringBuilder") || owner.equals("java/lang/StringBuffer")) return c.stringBuilder();
        if (owner.startsWith("java/lang/reflect/") || owner.startsWith("java/lang/invoke/"))
            return c.unknown("reflection or a method handle: what runs is not in the bytecode");
        return switch (owner) {
            case "java/lang/Object" -> name.equals("<init>") ? null : name.equals("getClass") ? Value.untracked("Ljava/lang/Class;") : NOT_KNOWN;
            case "java/lang/System" -> c.system();
            case "java/util/Objects" -> c.objects();
            case "java/util/Arrays" -> c.arrays();
            case "java/lang/foreign/MemorySegment" -> c.segment();
            case "java/util/Iterator", "java/util/ListIterator" -> c.iterator();
            case "jdk/internal/misc/Unsafe" -> c.unsafeGet();
            case "jdk/internal/util/ArraysSupport" -> c.arraysSupport();
            default -> NOT_KNOWN;
        };
    }

    /** One call being matched against the table. */
    private record Call(MethodAnalysis a, Frame f, String owner, String name, MethodTypeDesc mt, Value[] args, boolean instance) {

        private Reason why() {
            return a.at(MethodAnalysis.label(owner, name, mt));
        }

        private Value arg(int k) {
            return args[k];
        }

        private ClassDesc param(int k) {
            return mt.parameterType(k);
        }

        private Value result() {
            return MethodAnalysis.untrackedResult(mt.returnType());
        }

        private Value inside(Value v) {
            ClassDesc r = mt.returnType();
            return r.isPrimitive() ? MethodAnalysis.untrackedResult(r) : v.inside(r.descriptorString());
        }

        private void readAll() {
            for (Value v : args) a.read(f, v, why());
        }

        private Value unknown(String what) {
            a.unknownArguments(f, args, a.at("passed to " + MethodAnalysis.label(owner, name, mt) + ", " + what));
            return result();
        }

        private static boolean primitiveArray(ClassDesc t) {
            return t.isArray() && t.componentType().isPrimitive();
        }

        private static boolean primitiveArray(String descriptor) {
            return descriptor != null && descriptor.length() == 2 && descriptor.charAt(0) == '[';
        }

        /**
         * Methods of strings, boxed numbers and Math that take only values and primitive arrays: they read them,
         * except the few that fill a destination array ({@link #arrayWritten}).
         */
        Value valuesOnly() {
            for (int k = 0; k < mt.parameterCount(); k++) {
                ClassDesc t = param(k);
                if (!t.isPrimitive() && !primitiveArray(t) && !isValueType(t.descriptorString())) return NOT_KNOWN;
            }
            int written = arrayWritten();
            for (int k = 0; k < args.length; k++) {
                if (k == written) a.write(f, args[k], why());
                else a.read(f, args[k], why());
            }
            return result();
        }

        /**
         * The argument index of the primitive array that a value-type method fills (String.getChars and getBytes
         * with a destination, Character.toChars with a destination), or -1: every other method of these types
         * only reads its arrays.
         */
        private int arrayWritten() {
            boolean fills = owner.equals("java/lang/String") && (name.equals("getChars") || name.equals("getBytes"))
                    || owner.equals("java/lang/Character") && name.equals("toChars");
            if (!fills) return -1;
            for (int k = 0; k < mt.parameterCount(); k++)
                if (primitiveArray(param(k))) return instance ? k + 1 : k;
            return -1;
        }

        /**
         * {@code String.valueOf(Object)} is {@code o.toString()} (javac emits it for string concatenation):
         * called here with the argument's own value, whose exact class may resolve the call.
         */
        Value toStringOf(Value o) {
            a.call(f, java.lang.classfile.Opcode.INVOKEVIRTUAL, o.type() != null && o.type().startsWith("L")
                    ? o.type().substring(1, o.type().length() - 1) : "java/lang/Object", "toString", MethodTypeDesc.of(ConstantDescs.CD_String), new Value[]{o});
            return result();
        }

        /** An array's clone: a shallow copy, so the elements of a reference array are shared. */
        Value arrayClone() {
            a.read(f, arg(0), why());
            return primitiveArray(arg(0).type()) ? result() : inside(arg(0));
        }

        Value system() {
            if (name.equals("arraycopy")) {
                Reason r = why();
                a.read(f, arg(0), r);
                Value.Idx at = arg(3).idx(), len = arg(4).idx();
                int dst = arg(2).wholeParam();
                if (dst >= 0 && at != null && at.kind() == Value.Idx.CONST && at.k() == 0 && len != null && len.kind() == Value.Idx.LEN && len.k() == 0 && len.a() == dst)
                    a.cover(f, arg(2), r);
                else
                    a.write(f, arg(2), r, true);   // the destination's own elements, not what they reference
                if (!primitiveArray(arg(0).type())) a.storeRef(f, arg(2), arg(0).inside(null), r);
                return null;
            }
            return name.equals("identityHashCode") ? Value.PRIM : NOT_KNOWN;
        }

        /**
         * The plain primitive reads of {@code Unsafe} ({@code getLong(Object, long)}, {@code getIntUnaligned},
         * ...), which the JDK's array comparisons use: they read their base object. The atomic
         * {@code getAndAdd}/{@code getAndSet} family writes, and reference reads hand out what they read: not known.
         */
        Value unsafeGet() {
            if (!instance || !name.startsWith("get") || name.startsWith("getAnd") || !mt.returnType().isPrimitive()
                    || mt.parameterCount() < 2 || !param(0).equals(ConstantDescs.CD_Object) || !param(1).equals(ConstantDescs.CD_long))
                return NOT_KNOWN;
            for (int k = 2; k < mt.parameterCount(); k++)
                if (!param(k).isPrimitive()) return NOT_KNOWN;
            a.read(f, arg(1), why());
            return result();
        }

        /**
         * The vectorized kernels behind {@code Arrays.hashCode}, {@code equals}, {@code mismatch} and {@code compare}
         * (intrinsics whose Java fallbacks only read): {@code vectorizedHashCode(Object array, ...)} reads its array,
         * {@code vectorizedMismatch(Object a, long, Object b, long, int, int)} reads both.
         */
        Value arraysSupport() {
            if (!mt.returnType().equals(ConstantDescs.CD_int)) return NOT_KNOWN;
            String d = mt.descriptorString();
            if (name.equals("vectorizedHashCode") && d.equals("(Ljava/lang/Object;IIII)I")) {
                a.read(f, arg(0), why());
                return result();
            }
            if (name.equals("vectorizedMismatch") && d.equals("(Ljava/lang/Object;JLjava/lang/Object;JII)I")) {
                a.read(f, arg(0), why());
                a.read(f, arg(2), why());
                return result();
            }
            return NOT_KNOWN;
        }

        Value objects() {
            if (name.equals("requireNonNull") && mt.parameterCount() <= 2 && !param(mt.parameterCount() - 1).descriptorString().contains("Supplier"))
                return arg(0);
            return NOT_KNOWN;
        }

        Value arrays() {
            Reason r = why();
            switch (name) {
                case "fill" -> {
                    int value = mt.parameterCount() - 1;
                    if (mt.parameterCount() == 2) a.cover(f, arg(0), r);
                    else a.write(f, arg(0), r);
                    if (!param(value).isPrimitive()) a.storeRef(f, arg(0), arg(value), r);
                    return null;
                }
                case "sort", "parallelSort" -> {
                    if (!primitiveArray(param(0))) return NOT_KNOWN;
                    a.read(f, arg(0), r);
                    a.write(f, arg(0), r);
                    return null;
                }
                case "setAll", "parallelSetAll" -> {
                    ClassDesc element = param(0).componentType();
                    Value v = a.callFunction(f, arg(1), new Value[]{Value.PRIM}, element.isPrimitive() ? element : ConstantDescs.CD_Object,
                            MethodAnalysis.label(owner, name, mt));
                    if (!element.isPrimitive() && v != null) a.storeRef(f, arg(0), v, r);
                    a.cover(f, arg(0), r);
                    return null;
                }
                case "copyOf", "copyOfRange" -> {
                    a.read(f, arg(0), r);
                    return primitiveArray(param(0)) ? result() : inside(arg(0));
                }
                case "equals", "hashCode", "mismatch", "compare", "compareUnsigned", "binarySearch", "toString" -> {
                    for (int k = 0; k < mt.parameterCount(); k++)
                        if (!param(k).isPrimitive() && !primitiveArray(param(k))) return NOT_KNOWN;
                    readAll();
                    return result();
                }
                case "stream", "asList", "spliterator" -> {
                    return inside(arg(0));
                }
                default -> {
                    return NOT_KNOWN;
                }
            }
        }

        Value segment() {
            Reason r = why();
            if (!instance) {
                switch (name) {
                    case "ofArray", "ofBuffer" -> {
                        return inside(arg(0));
                    }
                    case "copy" -> {
                        int src = -1, dst = -1;
                        for (int k = 0; k < mt.parameterCount(); k++) {
                            String t = param(k).descriptorString();
                            if (param(k).isPrimitive() || t.startsWith("Ljava/lang/foreign/") && t.endsWith("Layout;")) continue;
                            if (src < 0) src = k;
                            else dst = k;
                        }
                        if (src < 0 || dst < 0) return NOT_KNOWN;
                        a.read(f, arg(src), r);
                        a.write(f, arg(dst), r);
                        return null;
                    }
                    default -> {
                        return NOT_KNOWN;
                    }
                }
            }
            switch (name) {
                case "set", "setAtIndex", "setString" -> {
                    a.write(f, arg(0), r);
                    for (int k = 1; k < args.length; k++)
                        if (!param(k - 1).isPrimitive()) a.unknown(f, arg(k), a.at(MethodAnalysis.label(owner, name, mt) + " (its address is stored in memory)"));
                    return null;
                }
                case "fill" -> {
                    a.cover(f, arg(0), r);
                    return arg(0);
                }
                case "copyFrom" -> {
                    a.read(f, arg(1), r);
                    a.write(f, arg(0), r);
                    return arg(0);
                }
                case "address" -> {
                    // The raw address can be turned back into a segment (MemorySegment.ofAddress) and written.
                    a.unknown(f, arg(0), a.at(MethodAnalysis.label(owner, name, mt) + ": the raw address may be turned back into a segment and written"));
                    return result();
                }
                case "get", "getAtIndex", "getString", "toArray", "byteSize", "isNative", "isReadOnly", "isMapped",
                     "isLoaded", "scope", "isAccessibleBy", "maxByteAlignment", "equals", "hashCode", "toString", "mismatch", "load" -> {
                    readAll();
                    return mt.returnType().isPrimitive() ? result() : inside(arg(0));
                }
                case "asSlice", "asReadOnly", "asByteBuffer", "elements", "spliterator", "heapBase" -> {
                    return inside(arg(0));
                }
                case "reinterpret" -> {
                    for (int k = 1; k < args.length; k++)
                        if (!param(k - 1).isPrimitive()) a.unknown(f, arg(k), a.at("passed to " + MethodAnalysis.label(owner, name, mt)));
                    return inside(arg(0));
                }
                default -> {
                    return NOT_KNOWN;
                }
            }
        }

        Value buffer() {
            Reason r = why();
            if (!instance) {
                return switch (name) {
                    case "wrap" -> inside(arg(0));
                    case "allocate", "allocateDirect" -> result();
                    default -> NOT_KNOWN;
                };
            }
            int n = mt.parameterCount();
            boolean absolute = n > 0 && param(0).equals(ConstantDescs.CD_int);
            switch (name) {
                case "get", "getChar", "getShort", "getInt", "getLong", "getFloat", "getDouble" -> {
                    a.read(f, arg(0), r);
                    if (!absolute) a.write(f, arg(0), r);
                    for (int k = 0; k < n; k++) if (param(k).isArray()) a.write(f, arg(k + 1), r);
                    return mt.returnType().isPrimitive() ? result() : arg(0);
                }
                case "put", "putChar", "putShort", "putInt", "putLong", "putFloat", "putDouble" -> {
                    a.write(f, arg(0), r);
                    for (int k = 0; k < n; k++) {
                        if (param(k).isArray()) a.read(f, arg(k + 1), r);
                        else if (!param(k).isPrimitive()) {
                            a.read(f, arg(k + 1), r);
                            if (!absolute) a.write(f, arg(k + 1), r);
                        }
                    }
                    return arg(0);
                }
                case "limit", "position", "order", "flip", "clear", "rewind", "mark", "reset", "compact" -> {
                    if (n == 0 && (name.equals("limit") || name.equals("position") || name.equals("order"))) {
                        a.read(f, arg(0), r);
                        return result();
                    }
                    a.write(f, arg(0), r);
                    return mt.returnType().isPrimitive() ? result() : arg(0);
                }
                case "capacity", "remaining", "hasRemaining", "isDirect", "isReadOnly", "hasArray", "arrayOffset", "mismatch",
                     "compareTo", "equals", "hashCode", "toString", "alignmentOffset", "isLoaded" -> {
                    readAll();
                    return result();
                }
                case "array", "duplicate", "slice", "asReadOnlyBuffer", "asCharBuffer", "asShortBuffer", "asIntBuffer",
                     "asLongBuffer", "asFloatBuffer", "asDoubleBuffer" -> {
                    a.read(f, arg(0), r);
                    return inside(arg(0));
                }
                default -> {
                    return NOT_KNOWN;
                }
            }
        }

        Value collection() {
            if (!instance) return NOT_KNOWN;
            Reason r = why();
            int n = mt.parameterCount();
            switch (name) {
                case "size", "isEmpty" -> {
                    a.read(f, arg(0), r);
                    return result();
                }
                case "iterator", "listIterator", "stream", "spliterator" -> {
                    if (n != 0) return NOT_KNOWN;
                    a.read(f, arg(0), r);
                    return inside(arg(0));
                }
                case "toArray" -> {
                    if (n != 0) return NOT_KNOWN;
                    a.read(f, arg(0), r);
                    return arg(0).inside("[Ljava/lang/Object;");
                }
                case "contains", "indexOf", "lastIndexOf" -> {
                    // the argument's equals runs against the elements: harmless only for arrays and values
                    if (n != 1 || (owner.contains("Map") && !name.equals("contains"))) return NOT_KNOWN;
                    if (!EQUALS_LOOKUP.contains(owner)) {
                        // a sorted set (or any Set or Collection, which may be one) runs its comparator, user code
                        // the set holds, on the argument and the elements: either may be written
                        Reason handed = a.at("handed to " + MethodAnalysis.label(owner, name, mt) + ", which may run a comparator on it");
                        a.unknown(f, arg(0), handed);
                        a.unknown(f, arg(1), handed);
                        return result();
                    }
                    String t = arg(1).type();
                    a.read(f, arg(0), r);
                    if (t != null && (t.startsWith("[") || isValueType(t))) a.read(f, arg(1), r);
                    else a.unknown(f, arg(1), a.at("passed to " + MethodAnalysis.label(owner, name, mt) + ", which calls its equals"));
                    return result();
                }
                case "forEach" -> {
                    a.read(f, arg(0), r);
                    boolean bi = param(0).descriptorString().equals("Ljava/util/function/BiConsumer;");
                    Value e = arg(0).inside("Ljava/lang/Object;");
                    a.callFunction(f, arg(1), bi ? new Value[]{e, e} : new Value[]{e}, ConstantDescs.CD_void, MethodAnalysis.label(owner, name, mt));
                    return null;
                }
                default -> { }
            }
            if (name.equals("get") && LISTS.contains(owner) && n == 1 && param(0).equals(ConstantDescs.CD_int)) {
                a.read(f, arg(0), r);
                return inside(arg(0));
            }
            if (!MUTATORS.contains(name)) return NOT_KNOWN;
            a.read(f, arg(0), r);
            if (name.equals("addAll") && LISTS.contains(owner) && n == 1 && param(0).descriptorString().equals("Ljava/util/Collection;")) {
                // a list appends what the source's iterator or toArray hands out, and calls no method of the
                // elements: the list's own storage is written, not the elements it holds; the source is read, and its
                // elements are stored into the list (linked, not written)
                a.write(f, arg(0), r, true);
                a.read(f, arg(1), r);
                a.storeRef(f, arg(0), arg(1).inside("Ljava/lang/Object;"), r);
                return result();
            }
            // other mutators run user code on the elements (an argument's equals, a comparator, a function): they may
            // write the elements too
            a.write(f, arg(0), r);
            Reason handed = a.at("handed to " + MethodAnalysis.label(owner, name, mt)
                    + ", which may keep it or call its equals, hashCode or compareTo");
            for (int k = 1; k < args.length; k++) a.unknown(f, arg(k), handed);
            return inside(arg(0));
        }

        /**
         * A method of a {@code java.util.concurrent} object (an atomic, a latch, a lock, a concurrent collection): such
         * objects synchronize themselves, and Weft does not track them as data, so the call neither reads nor writes
         * the data that holds them; what is handed to them (other than values) escapes; what they return is outside.
         */
        Value selfSynchronized() {
            for (int k = instance ? 1 : 0; k < args.length; k++) {
                ClassDesc t = param(instance ? k - 1 : k);
                if (t.isPrimitive() || isValueType(t.descriptorString())) continue;
                a.unknown(f, arg(k), a.at("handed to " + MethodAnalysis.label(owner, name, mt) + ", which may keep it"));
            }
            return result();
        }

        /** {@code java.lang.reflect.Array}: the getters only read; the setters write the array. */
        Value reflectArray() {
            Reason r = why();
            if (name.startsWith("get")) {
                readAll();
                return mt.returnType().isPrimitive() ? result() : inside(arg(0));
            }
            if (name.startsWith("set") && mt.parameterCount() == 3) {
                a.write(f, arg(0), r);
                if (!param(2).isPrimitive()) a.storeRef(f, arg(0), arg(2), r);
                return null;
            }
            return NOT_KNOWN;
        }

        /** The reading access modes of a {@code VarHandle}: they read what the coordinates name, and write nothing. */
        Value varHandleRead() {
            if (!(name.equals("get") || name.equals("getVolatile") || name.equals("getOpaque") || name.equals("getAcquire"))) return NOT_KNOWN;
            readAll();
            if (mt.returnType().isPrimitive()) return result();
            Value all = Value.untracked(null);
            for (int k = 1; k < args.length; k++) all = all.join(arg(k));
            return all.inside(mt.returnType().descriptorString());
        }

        /**
         * {@code StringBuilder} and {@code StringBuffer}: queries read the builder; appends and edits write it and read
         * their arguments when those are values or primitive arrays (any other argument's {@code toString} may run).
         */
        Value stringBuilder() {
            if (!instance) return NOT_KNOWN;
            if ((name.equals("append") || name.equals("insert")) && param(mt.parameterCount() - 1).equals(ConstantDescs.CD_Object)) {
                // append(Object) is append(String.valueOf(o)): o's own toString, resolved by its class where known
                Reason r = why();
                a.read(f, arg(0), r);
                a.write(f, arg(0), r);
                toStringOf(arg(args.length - 1));
                return arg(0);
            }
            for (int k = 0; k < mt.parameterCount(); k++) {
                ClassDesc t = param(k);
                if (!t.isPrimitive() && !primitiveArray(t) && !isValueType(t.descriptorString())) return NOT_KNOWN;
            }
            Reason r = why();
            switch (name) {
                case "length", "charAt", "toString", "indexOf", "lastIndexOf", "substring", "capacity", "isEmpty", "codePointAt",
                     "codePointBefore", "codePointCount", "subSequence", "chars", "codePoints", "hashCode", "equals" -> {
                    readAll();
                    return mt.returnType().isPrimitive() || isValueType(mt.returnType().descriptorString()) ? result() : NOT_KNOWN;
                }
                case "append", "insert", "setLength", "setCharAt", "reverse", "delete", "deleteCharAt", "replace", "appendCodePoint",
                     "ensureCapacity", "trimToSize", "repeat" -> {
                    a.read(f, arg(0), r);
                    a.write(f, arg(0), r);
                    for (int k = 1; k < args.length; k++) a.read(f, arg(k), r);
                    return mt.returnType().equals(ConstantDescs.CD_void) ? null : arg(0);
                }
                case "<init>" -> {
                    for (int k = 1; k < args.length; k++) a.read(f, arg(k), r);
                    return null;
                }
                default -> {
                    return NOT_KNOWN;
                }
            }
        }

        Value iterator() {
            Reason r = why();
            switch (name) {
                case "hasNext", "hasPrevious", "nextIndex", "previousIndex" -> {
                    a.read(f, arg(0), r);
                    return result();
                }
                case "next", "previous" -> {
                    a.read(f, arg(0), r);
                    a.changesItself(f, arg(0), r, CONTAINERS);
                    return inside(arg(0));
                }
                case "remove", "set", "add" -> {
                    a.write(f, arg(0), r);
                    for (int k = 1; k < args.length; k++) a.unknown(f, arg(k), a.at("handed to " + MethodAnalysis.label(owner, name, mt)));
                    return null;
                }
                case "forEachRemaining" -> {
                    a.read(f, arg(0), r);
                    a.changesItself(f, arg(0), r, CONTAINERS);
                    a.callFunction(f, arg(1), new Value[]{arg(0).inside("Ljava/lang/Object;")}, ConstantDescs.CD_void, MethodAnalysis.label(owner, name, mt));
                    return null;
                }
                default -> {
                    return NOT_KNOWN;
                }
            }
        }

        Value stream() {
            if (!instance) return name.equals("of") && mt.parameterCount() == 1 && param(0).isArray() ? inside(arg(0)) : NOT_KNOWN;
            Reason r = why();
            // every operation links or consumes the stream object itself (a stream is used once)
            a.changesItself(f, arg(0), r, CONTAINERS);
            switch (name) {
                case "forEach", "forEachOrdered" -> {
                    a.read(f, arg(0), r);
                    a.callFunction(f, arg(1), new Value[]{Value.PRIM}, ConstantDescs.CD_void, MethodAnalysis.label(owner, name, mt));
                    return null;
                }
                case "sum", "count", "min", "max", "average", "toArray", "summaryStatistics" -> {
                    if (mt.parameterCount() != 0) return NOT_KNOWN;
                    a.read(f, arg(0), r);
                    return result();
                }
                case "parallel", "sequential", "unordered", "sorted", "distinct", "limit", "skip", "boxed", "asDoubleStream",
                     "asLongStream" -> {
                    return arg(0);
                }
                case "map", "filter", "peek", "mapToObj", "mapToDouble", "mapToInt", "mapToLong", "anyMatch", "allMatch", "noneMatch" -> {
                    if (mt.parameterCount() != 1) return NOT_KNOWN;
                    boolean toObject = name.equals("mapToObj");
                    Value v = a.callFunction(f, arg(1), new Value[]{Value.PRIM}, toObject ? ConstantDescs.CD_Object
                            : name.endsWith("Match") || name.equals("filter") ? ConstantDescs.CD_boolean : ConstantDescs.CD_double,
                            MethodAnalysis.label(owner, name, mt));
                    if (name.endsWith("Match")) {
                        a.read(f, arg(0), r);
                        return result();
                    }
                    // a stream of what the function returned joins the source's data (for mapToObj: its results)
                    return toObject && v != null && v != Value.PRIM ? arg(0).join(v).inside(mt.returnType().descriptorString()) : arg(0);
                }
                default -> {
                    return NOT_KNOWN;
                }
            }
        }
    }
}
