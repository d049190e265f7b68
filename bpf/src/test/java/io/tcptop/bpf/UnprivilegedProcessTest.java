package io.tcptop.bpf;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user without privileges gets one line naming what is missing and the command that
 * grants it, and that command is enough. Runs a child JVM as nobody through setpriv.
 */
class UnprivilegedProcessTest {
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final String GRANT = "setpriv --inh-caps=+bpf,+perfmon,+net_admin --ambient-caps=+bpf,+perfmon,+net_admin";

    @BeforeEach
    void needsRootToDropPrivileges() {
        KernelTestSupport.requireKernel();
        if (!"root".equals(System.getProperty("user.name"))) {
            KernelTestSupport.unavailable("only root can start a child as nobody with chosen capabilities");
        }
        if (!Files.isExecutable(SETPRIV)) {
            KernelTestSupport.unavailable(SETPRIV + " (util-linux) is needed to run a child without privileges");
        }
    }

    @Test
    void withoutCapabilitiesTheMessageSaysHowToGrantThem() throws Exception {
        String outcome = openAsNobody();
        assertEquals("NOT_PERMITTED loading BPF programs needs CAP_BPF, CAP_PERFMON, CAP_NET_ADMIN: run as root,"
                + " or grant the capabilities with `" + GRANT + " <command>`", outcome);
        assertTrue(!outcome.contains("ulimit"), "libbpf's misleading memlock hint must not reach the user");
    }

    @Test
    void theSuggestedGrantIsEnough() throws Exception {
        assertEquals("OPENED 8", openAsNobody(GRANT.substring("setpriv ".length()).split(" ")));
    }

    private static String openAsNobody(String... grant) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=65534", "--regid=65534",
                "--clear-groups"));
        command.addAll(List.of(grant));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                OpenProbesMain.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "child JVM did not finish");
        return output;
    }
}
