package io.tcptop.bpf;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The BPF object is committed so that building needs no clang; this keeps it honest. Runs
 * everywhere, no root needed.
 */
class BpfObjectFreshnessTest {
    private static final String STALE = "committed BPF object is stale: run bpf/rebuild-object.sh";

    /** The module directory: surefire sets basedir; a plain IDE run starts there. */
    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    }

    static Path committedObject() {
        return moduleDir().resolve("src/main/resources/io/tcptop/bpf/" + TcptopProbes.OBJECT_RESOURCE);
    }

    @Test
    void committedObjectWasBuiltFromTheCurrentSources() throws IOException {
        Map<String, String> recorded = new LinkedHashMap<>();
        Path hashes = committedObject().resolveSibling(TcptopProbes.OBJECT_RESOURCE + ".sha256");
        for (String line : Files.readAllLines(hashes)) {
            String[] hashAndName = line.split(" +");
            recorded.put(hashAndName[1], hashAndName[0]);
        }
        Map<String, String> actual = new LinkedHashMap<>();
        for (String name : recorded.keySet()) {
            Path source = name.endsWith(".sh") ? moduleDir().resolve(name) : moduleDir().resolve("src/main/c/" + name);
            actual.put(name, sha256(Files.readAllBytes(source)));
        }
        assertEquals(recorded, actual, STALE);
        assertTrue(recorded.keySet().containsAll(java.util.List.of("tcptop.bpf.c", "tcptop.h", "rebuild-object.sh")),
                STALE + " (the hash file lacks a source)");
    }

    @Test
    void theJarCarriesTheCommittedObject() throws IOException {
        try (InputStream in = TcptopProbes.class.getResourceAsStream(TcptopProbes.OBJECT_RESOURCE)) {
            assertEquals(sha256(Files.readAllBytes(committedObject())), sha256(in.readAllBytes()), STALE);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
