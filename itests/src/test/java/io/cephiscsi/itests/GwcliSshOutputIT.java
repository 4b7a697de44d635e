package io.cephiscsi.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.internal.BenchConfig;

/**
 * Large one-shot outputs over SSH arrive whole (issue 7): the benchmark configuration's {@code gwcli ls /}
 * (1,000 disks, 64 targets, 512 hosts: about 4,000 lines, 320 KB) asked 20 times with the real {@code ssh} client,
 * each reply compared line by line with the same tree rendered in the appliance's own process; and a failing
 * one-shot command still exits non-zero with its message on stderr. Karaf's own exec command cut such replies
 * short or made ssh exit 255 in about one of four runs. An interactive SSH session (a terminal) still works. The configuration is {@code data/gateway.conf} of the
 * embedded store, written before the start; its targets are on two other gateways, so this one has no LIO work.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GwcliSshOutputIT extends ApplianceTestSupport {

    private static final String ME = "gw-ssh-out-1";
    private static final int RUNS = 20;

    @Inject
    SessionFactory sessions;

    @Inject
    GatewayAdmin gateway; // waits until the gateway service is up

    @Configuration
    public Option[] config() throws IOException {
        File conf = new File("target/gwcli-ssh-output/gateway.conf");
        Files.createDirectories(conf.toPath().getParent());
        Files.writeString(conf.toPath(), BenchConfig.gatewayConf("gw-ssh-out-peer-1", "gw-ssh-out-peer-2", 2));
        List<Option> options = new ArrayList<>(List.of(
                appliance(Map.of("backend", "embedded", "gateway_name", ME, "api_secure", "false"))));
        options.add(replaceConfigurationFile("data/gateway.conf", conf));
        return options.toArray(new Option[0]);
    }

    @Test
    public void aLargeTreeArrivesWholeOverSshEveryTimeAndAFailureStillFails() throws Exception {
        List<String> expected = comparable(awaitTree());
        assertTrue("the whole benchmark tree: " + expected.size() + " lines", expected.size() > 3900);
        assertTrue("the last host", expected.stream().anyMatch(l -> l.contains("o- iqn.1994-05.com.example:bench-63-7 ")));
        Path key = key();

        List<String> bad = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            SshExec.Result reply = ssh(key, "gwcli ls /");
            List<String> lines = comparable(reply.out());
            if (reply.status() != 0 || !lines.equals(expected) || !reply.err().isEmpty()) {
                bad.add("run " + i + ": exit " + reply.status() + ", " + lines.size() + " of " + expected.size()
                        + " lines" + firstDifference(expected, lines)
                        + (reply.err().isEmpty() ? "" : ", stderr " + reply.err().strip()));
            }
        }
        assertEquals("every reply whole, exit 0, nothing on stderr", List.of(), bad);

        SshExec.Result failed = ssh(key, "gwcli /iscsi-targets/iqn.2003-01.com.example.iscsi-gw:none ls");
        assertNotEquals("a failed command fails over SSH", 0, failed.status());
        assertNotEquals("ssh itself did not fail", 255, failed.status());
        assertThat(failed.toString(), failed.err(), containsString("No such path /iscsi-targets/iqn.2003-01.com.example.iscsi-gw:none"));
        assertEquals("nothing on stdout", "", failed.out());
    }

    /** Waits (at most 60 s) until SSH lets the key in: the SSH server and the key file are read in the background. */
    private static void awaitSsh(Path key) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SshExec.Result last = ssh(key, "gwcli pwd");
        while (last.status() == 255 && System.nanoTime() < deadline) { // 255: ssh itself failed
            Thread.sleep(500);
            last = ssh(key, "gwcli pwd");
        }
        assertEquals(last.toString(), "/\n", last.out());
    }

    /** {@code gwcli ls /} in this process, once the gateway has read its configuration (at most 60 s). */
    private String awaitTree() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return console(sessions, "gwcli ls /");
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(500);
            }
        }
    }

    /** The tree's lines, a pool's usage left out: its free space is the host file system's, which changes. */
    private static List<String> comparable(String tree) {
        return tree.lines().map(l -> l.contains("Commit: ") ? l.replaceAll(" \\.+ \\[.*", " [usage]") : l).toList();
    }

    private static String firstDifference(List<String> expected, List<String> lines) {
        for (int i = 0; i < Math.min(expected.size(), lines.size()); i++) {
            if (!expected.get(i).equals(lines.get(i))) {
                return ", line " + (i + 1) + " is '" + lines.get(i) + "' instead of '" + expected.get(i) + "'";
            }
        }
        return "";
    }

    /**
     * A gwcli one-shot skips Karaf's init scripts (their parsing was a sixth of the appliance's CPU per one-shot);
     * any other one-shot still has what they define: the console's alias {@code la} (bundle:list -t 0) works, and a
     * gwcli command chained with another still runs both.
     */
    @Test
    public void otherOneShotsStillHaveTheConsoleAliases() throws Exception {
        Path key = key();
        SshExec.Result aliased = ssh(key, "la");
        assertEquals(aliased.toString(), 0, aliased.status());
        assertThat(aliased.out(), containsString("System Bundle")); // bundle 0: only -t 0 lists it
        SshExec.Result chained = ssh(key, "gwcli pwd; la");
        assertEquals(chained.toString(), 0, chained.status());
        assertThat(chained.out(), containsString("System Bundle"));
        SshExec.Result plain = ssh(key, "gwcli pwd");
        assertEquals(plain.toString(), 0, plain.status());
        assertEquals("/", plain.out().strip());
    }

    @Test
    public void anInteractiveSshSessionStillRunsCommands() throws Exception {
        Path key = key();
        Process ssh = new ProcessBuilder("ssh", "-tt", "-q", "-i", key.toString(), "-o", "BatchMode=yes", "-o",
                "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-p", System.getProperty("it.ssh.port"), "bigops@127.0.0.1")
                .redirectErrorStream(true).start();
        try (OutputStream typed = ssh.getOutputStream()) {
            typed.write("gwcli ls /iscsi-targets 1\nlogout\n".getBytes(StandardCharsets.UTF_8));
            typed.flush();
            CompletableFuture<byte[]> screen = CompletableFuture.supplyAsync(() -> {
                try {
                    return ssh.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!ssh.waitFor(60, TimeUnit.SECONDS)) {
                ssh.destroyForcibly();
                throw new AssertionError("the interactive session did not end in 60 s");
            }
            String text = new String(screen.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            assertThat(text, containsString("[DiscoveryAuth: None, Targets: 64]"));
        }
    }

    private static Path key;

    /** The test's key, authorized once, once SSH lets it in. */
    private static synchronized Path key() throws Exception {
        if (key == null) {
            Path made = authorizeSshKey("bigops");
            awaitSsh(made);
            key = made;
        }
        return key;
    }

    /** {@code ssh -p <port> bigops@127.0.0.1 '<command>'} as an admin's script runs it: stdout and stderr apart. */
    private static SshExec.Result ssh(Path key, String command) throws Exception {
        return SshExec.run(key, Integer.getInteger("it.ssh.port"), "bigops", command);
    }
}
