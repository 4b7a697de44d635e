package io.cephiscsi.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ceph-iscsi 3.5's own {@code Config} class (Debian package ceph-iscsi, run by Debian's python3) on the same
 * test cluster and object, through src/test/resources/upstream_config.py.
 */
final class UpstreamPython {

    private final Path script;
    private final Path settings;
    private final String oid;

    UpstreamPython(Path folder, String oid) throws IOException {
        this.oid = oid;
        script = folder.resolve("upstream_config.py");
        try (InputStream in = UpstreamPython.class.getResourceAsStream("/upstream_config.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path conf = TestCeph.conf();
        String cluster = conf.getFileName().toString().replaceFirst("\\.conf$", "");
        settings = folder.resolve("iscsi-gateway.cfg");
        Files.writeString(settings, "[config]\nceph_config_dir = " + conf.getParent() + "\ncluster_name = " + cluster
                + "\ncluster_client_name = client.admin\npool = rbd\n");
    }

    /** Runs one command to its end; returns its standard output. */
    String run(String... arguments) throws IOException, InterruptedException {
        Process process = start(arguments);
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("upstream_config.py " + List.of(arguments) + " failed: " + err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    Process start(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), settings.toString(),
                oid));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("CEPH_CONF");
        builder.environment().remove("CEPH_ARGS");
        return builder.start();
    }
}
