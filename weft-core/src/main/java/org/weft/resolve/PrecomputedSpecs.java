package org.weft.resolve;

import org.weft.Mode;

import org.weft.spec.ModeInference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.zip.CRC32;

/**
 * Specs inferred at build time (by {@code org.weft.infer.SpecCheck}) and shipped in {@code META-INF/weft/specs}
 * beside the classes, so that the runtime need not analyse them, nor have {@code weft-infer} at all.
 *
 * <p>Format: UTF-8 lines; {@code #} starts a comment. Each other line is tab-separated: the class's binary
 * name, the method's name, its descriptor, the class files the inference read as a comma-separated list of
 * {@code binary.Name@crc32hex} (the method's own class, its callees', those consulted to resolve calls),
 * then one field per parameter (receiver first), {@code MODE|name|reason}, where {@code MODE} ends in {@code ^} if
 * the method's result may alias that parameter ({@link ModeInference.Inferred#returned}). An entry is used only if every
 * one of those classes, as the method's class loader resolves it now, has that CRC: a spec whose callee
 * changed is ignored rather than trusted. Files are read once per class loader; thread-safe.
 */
public final class PrecomputedSpecs {
    static final String RESOURCE = "META-INF/weft/specs";

    private record Entry(String[] classes, List<ModeInference.Inferred> params) {
    }

    private static final Map<ClassLoader, Map<String, Entry>> BY_LOADER = Collections.synchronizedMap(new WeakHashMap<>());
    private static final ClassValue<String> STAMP = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            byte[] b = MethodKey.classBytes(type);
            if (b == null) return type.getName() + "@none";
            CRC32 crc = new CRC32();
            crc.update(b);
            return type.getName() + "@" + Long.toHexString(crc.getValue());
        }
    };

    private PrecomputedSpecs() {
    }

    /** The precomputed modes of {@code m}'s parameters, or null if none match its current class file. */
    static List<ModeInference.Inferred> lookup(MethodKey m) {
        ClassLoader loader = MethodKey.loader(m.owner());
        Map<String, Entry> specs = BY_LOADER.get(loader);
        if (specs == null) {
            Map<String, Entry> loaded = load(loader);
            specs = BY_LOADER.putIfAbsent(loader, loaded);
            if (specs == null) specs = loaded;
        }
        if (specs.isEmpty()) return null;
        Entry e = specs.get(m.owner().getName() + "\t" + m.name() + "\t" + m.descriptor());
        return e != null && current(e.classes, m.owner()) ? e.params : null;
    }

    /**
     * True if {@code stamps} include {@code owner}'s, and each names a class that {@code owner}'s loader
     * resolves to the same class file.
     */
    private static boolean current(String[] stamps, Class<?> owner) {
        if (!java.util.Arrays.asList(stamps).contains(STAMP.get(owner))) return false;
        for (String stamp : stamps) {
            try {
                Class<?> c = Class.forName(stamp.substring(0, stamp.lastIndexOf('@')), false, owner.getClassLoader());
                if (!stamp.equals(STAMP.get(c))) return false;
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Entry> load(ClassLoader cl) {
        Map<String, Entry> out = new HashMap<>();
        try {
            Enumeration<URL> urls = cl.getResources(RESOURCE);
            while (urls.hasMoreElements()) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(urls.nextElement().openStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) parse(line, out);
                }
            }
        } catch (IOException e) {
            // an unreadable file is no worse than no file: the methods are analysed instead
            return out;
        }
        return out;
    }

    /**
     * Adds the entry of one line; skips a malformed line (its methods are analysed instead). Anything else thrown here
     * leaves {@link #load}, so that nothing is cached for the loader and the next lookup reads the files again.
     */
    private static void parse(String line, Map<String, Entry> out) {
        try {
            parseLine(line, out);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // malformed: a bad mode name or number
        }
    }

    private static void parseLine(String line, Map<String, Entry> out) {
        if (line.isBlank() || line.startsWith("#")) return;
        String[] f = line.split("\t");
        if (f.length < 4) return;
        List<ModeInference.Inferred> params = new ArrayList<>();
        for (int i = 4; i < f.length; i++) {
            String[] p = f[i].split("\\|", 3);
            if (p.length != 3) return;
            // MODE, then ^ if the result may alias it, then >hex for the parameters it may be stored into
            String m = p[0];
            int link = m.indexOf('>');
            long storedInto = link < 0 ? 0 : Long.parseUnsignedLong(m.substring(link + 1), 16);
            if (link >= 0) m = m.substring(0, link);
            boolean returned = m.endsWith("^");
            params.add(new ModeInference.Inferred(p[1].isEmpty() ? null : p[1],
                    Mode.valueOf(returned ? m.substring(0, m.length() - 1) : m), p[2], returned, storedInto));
        }
        out.put(f[0] + "\t" + f[1] + "\t" + f[2], new Entry(f[3].split(","), List.copyOf(params)));
    }
}
