package org.weft.memory;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MemorySpaces#copyBytes}, the one way Weft copies data bytes, and the rule that keeps it so: no runtime source
 * calls the bulk {@code MemorySegment.copy(segment, offset, segment, offset, bytes)}, whose small-copy loop a JDK 25
 * C2 compiled into code that skipped a move (see {@code copyBytes}). The miscompilation itself depends on the JIT's
 * profile and cannot be provoked by a test; the rule is what can be checked.
 */
class CopyBytesTest {

    @Test
    void copiesExactlyTheBytesAskedForAtEverySizeAndOffsetBetweenHeapAndNativeMemory() {
        try (Arena arena = Arena.ofConfined()) {
            for (int kind = 0; kind < 4; kind++) {
                for (int size = 0; size <= 136; size++) {
                    for (int from = 0; from < 16; from += 3) {
                        for (int to = 0; to < 16; to += 5) {
                            byte[] src = new byte[160], want = new byte[160];
                            for (int i = 0; i < src.length; i++) {
                                src[i] = (byte) (i * 7 + 1);
                                want[i] = (byte) -i;
                            }
                            MemorySegment s = kind % 2 == 0 ? MemorySegment.ofArray(src) : arena.allocate(160).copyFrom(MemorySegment.ofArray(src));
                            MemorySegment d = kind < 2 ? MemorySegment.ofArray(want.clone()) : arena.allocate(160).copyFrom(MemorySegment.ofArray(want));
                            MemorySpaces.copyBytes(s, from, d, to, size);
                            System.arraycopy(src, from, want, to, size);
                            assertArrayEquals(want, d.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                                    "kind " + kind + ", " + size + " bytes from " + from + " to " + to);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aRunOfFourLongsComesHomeWhole() {
        long[] home = new long[12], replica = {1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 0};
        for (int i = 0; i < 20_000; i++) {
            java.util.Arrays.fill(home, 0);
            MemorySpaces.copyRuns(MemorySegment.ofArray(home), MemorySegment.ofArray(replica), 0, false, new ByteRuns(new long[]{0}, new long[]{32}));
            assertEquals(2, home[1], "call " + i);
            assertArrayEquals(new long[]{1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0}, home, "call " + i);
        }
    }

    /** A call {@code MemorySegment.copy(...)} whose arguments name no value layout is the bulk form. */
    private static final Pattern COPY_CALL = Pattern.compile("MemorySegment\\s*\\.\\s*copy\\s*\\(");

    @Test
    void noRuntimeSourceCallsTheBulkSegmentCopy() throws IOException {
        Path project = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.exists(project.resolve("weft-core").resolve("pom.xml")), "the project root is the parent of " + Path.of("").toAbsolutePath());
        List<String> found = new ArrayList<>();
        int calls = 0;
        try (Stream<Path> files = Files.walk(project)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))::iterator) {
                String text = code(Files.readString(f));
                Matcher m = COPY_CALL.matcher(text);
                while (m.find()) {
                    calls++;
                    String call = arguments(text, m.end());
                    if (!call.contains("JAVA_") && !call.contains("ValueLayout")) found.add(project.relativize(f) + ": MemorySegment.copy(" + call + ")");
                }
            }
        }
        assertTrue(calls > 0, "the scan found no MemorySegment.copy call at all: it does not look where the sources are");
        assertEquals(List.of(), found, "use MemorySpaces.copyBytes instead of the bulk MemorySegment.copy");
    }

    /** {@code source} without comments, and with string literals, text blocks and character literals emptied. */
    private static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                int stop = end < 0 ? source.length() : end + 3;
                out.append("\"\"");
                i = stop - 1;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c) j += source.charAt(j) == '\\' ? 2 : 1;
                out.append(c).append(c);
                i = j;
            } else if (source.startsWith("//", i)) {
                while (i < source.length() && source.charAt(i) != '\n') i++;
                out.append('\n');
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 1;
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The text of a call's arguments from just after its opening parenthesis to the matching one. */
    private static String arguments(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return text.substring(from, i);
        }
        return text.substring(from);
    }
}
