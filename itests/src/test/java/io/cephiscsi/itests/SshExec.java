package io.cephiscsi.itests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One command over the real {@code ssh} client with a key, as an admin's script runs it
 * ({@code ssh -p <port> <user>@127.0.0.1 '<command>'}): exit status, stdout and stderr apart.
 */
final class SshExec {

    record Result(int status, String out, String err) {
    }

    private SshExec() {
    }

    static Result run(Path key, int port, String user, String command) throws Exception {
        Process ssh = new ProcessBuilder("ssh", "-q", "-i", key.toString(), "-o", "BatchMode=yes", "-o",
                "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-p", Integer.toString(port), user + "@127.0.0.1", command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return ssh.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        byte[] out = ssh.getInputStream().readAllBytes();
        if (!ssh.waitFor(120, TimeUnit.SECONDS)) {
            ssh.destroyForcibly();
            throw new AssertionError("ssh '" + command + "' did not finish in 120 s");
        }
        return new Result(ssh.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    /**
     * Stops a started {@code bin/karaf} and its JVM as {@code systemctl stop} would (SIGTERM to the whole tree:
     * the script runs the JVM as its child), waiting for each, SIGKILL after 60 s.
     */
    static void stopTree(Process process) throws Exception {
        java.util.List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                handle.destroyForcibly();
            }
        }
    }
}
