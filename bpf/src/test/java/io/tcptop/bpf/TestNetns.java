package io.tcptop.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace made by a test with {@code ip netns add}, its loopback up, removed again by
 * {@link #close}. Shipped in the test-jar. Needs root and iproute2; skips (or fails, when kernel
 * tests are required) without them.
 */
public final class TestNetns implements AutoCloseable {
    private static final Path IP = List.of(Path.of("/usr/sbin/ip"), Path.of("/sbin/ip"), Path.of("/usr/bin/ip"),
            Path.of("/bin/ip")).stream().filter(Files::isExecutable).findFirst().orElse(null);
    private final String name;

    private TestNetns(String name) {
        this.name = name;
    }

    /** A new namespace with a unique name ({@code tcptop-test-…}). */
    public static TestNetns create() {
        KernelTestSupport.requireKernel();
        if (IP == null) {
            KernelTestSupport.unavailable("iproute2's ip is needed to make network namespaces (apt-get install -y iproute2)");
        }
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        String name = "tcptop-test-" + HexFormat.of().formatHex(b);
        run(IP.toString(), "netns", "add", name);
        TestNetns ns = new TestNetns(name);
        try {
            run(IP.toString(), "-n", name, "link", "set", "lo", "up");
        } catch (RuntimeException | Error e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** The namespace's inode number: what the kernel records as its netns. */
    public long inode() {
        try {
            return (Long) Files.getAttribute(Path.of("/run/netns", name), "unix:ino");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code command} prefixed so that it runs inside the namespace. */
    public List<String> exec(List<String> command) {
        List<String> all = new ArrayList<>(List.of(IP.toString(), "netns", "exec", name));
        all.addAll(command);
        return all;
    }

    @Override
    public void close() {
        run(IP.toString(), "netns", "delete", name);
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
