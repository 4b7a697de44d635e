package io.cephiscsi.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One appliance as an admin runs it: the real distribution unpacked into its own folder, configured through its
 * {@code etc/} files, started as its own JVM with {@code bin/karaf server}, reached over its REST API. Several of
 * them on one machine share the test Ceph cluster and bind their API to different loopback addresses.
 */
final class GatewayProcess implements AutoCloseable {

    /** An HTTP reply: status and body. */
    record Reply(int status, String body) {

        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            try {
                return new ObjectMapper().readValue(body, Map.class);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private final String name;
    private final Path home;
    private final String apiHost;
    private final int apiPort;
    private final String apiUser;
    private final String apiPassword;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final int sshPort;
    private Path sshKey;
    private Process process;

    private GatewayProcess(String name, Path home, String apiHost, int apiPort, String apiUser, String apiPassword,
                           int sshPort) {
        this.name = name;
        this.home = home;
        this.apiHost = apiHost;
        this.apiPort = apiPort;
        this.apiUser = apiUser;
        this.apiPassword = apiPassword;
        this.sshPort = sshPort;
    }

    /**
     * Unpacks the distribution into {@code parent/name} and configures it: gateway {@code name}, API on
     * {@code apiHost:apiPort}, free SSH and exporter ports, LIO on a folder root, plus {@code settings} (gateway PID keys).
     */
    static GatewayProcess install(Path parent, String name, String apiHost, int apiPort, String apiPassword,
                                  Map<String, String> settings) throws Exception {
        return install(Path.of(System.getProperty("appliance.distribution")), parent, name, apiHost, apiPort,
                apiPassword, settings);
    }

    /** {@link #install(Path, String, String, int, String, Map)} of another build's distribution (a tar.gz). */
    static GatewayProcess install(Path distribution, Path parent, String name, String apiHost, int apiPort,
                                  String apiPassword, Map<String, String> settings) throws Exception {
        Path home = parent.resolve(name).toAbsolutePath();
        if (Files.exists(home)) { // a previous run's appliance: its instance files would stop this one starting
            try (var old = Files.walk(home)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(home);
        run(List.of("tar", "xzf", distribution.toString(), "-C", home.toString(), "--strip-components=1"));
        Map<String, String> pid = new LinkedHashMap<>();
        pid.put("gateway_name", name);
        pid.put("api_host", apiHost);
        pid.put("api_port", Integer.toString(apiPort));
        pid.put("api_user", "admin");
        pid.put("api_password", apiPassword);
        pid.put("iscsi_gateway_cfg", "/nonexistent/iscsi-gateway.cfg"); // never this machine's own file
        pid.put("configfs_root", home.resolve("configfs").toString());
        pid.put("prometheus_host", "127.0.0.1"); // the exporter is on by default: never the machine's 9287
        pid.put("prometheus_port", Integer.toString(freePort()));
        pid.putAll(settings);
        Path pidFile = home.resolve("etc/io.cephiscsi.gateway.cfg");
        String text = pid.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(pidFile, text);
        int sshPort = freePort();
        edit(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(sshPort));
        edit(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1");
        return new GatewayProcess(name, home, apiHost, apiPort, "admin", apiPassword, sshPort);
    }

    /** The console's SSH port (on 127.0.0.1). */
    int sshPort() {
        return sshPort;
    }

    /**
     * Lets {@link #ssh} log in: makes an RSA key pair in the appliance's folder and adds its public key to
     * {@code etc/keys.properties} as user {@code gwops} in the admin group, as the README says an admin does.
     * Call before {@link #start}.
     */
    void authorizeSshKey() throws Exception {
        Path key = home.resolve("test-ssh/id_rsa");
        Files.createDirectories(key.getParent());
        run(List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", key.toString()));
        String publicKey = Files.readString(key.resolveSibling("id_rsa.pub")).split(" ")[1];
        Files.writeString(home.resolve("etc/keys.properties"), "\ngwops=" + publicKey + ",_g_:admingroup\n",
                java.nio.file.StandardOpenOption.APPEND);
        sshKey = key;
    }

    /** Waits (at most 60 s) until the console's SSH server lets {@link #ssh} in: it may start after the API. */
    void awaitSsh() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Reply last = ssh("gwcli pwd");
        while (last.status() == 255 && System.nanoTime() < deadline) { // 255: ssh itself failed
            Thread.sleep(500);
            last = ssh("gwcli pwd");
        }
        if (last.status() != 0) {
            throw new AssertionError(name + ": no SSH login within 60 s: " + last);
        }
    }

    /**
     * Runs one command over SSH as an admin does ({@code ssh -p <port> gwops@127.0.0.1 '<command>'}): its exit code
     * and everything it printed (stdout then stderr, ANSI sequences removed).
     */
    Reply ssh(String command) throws Exception {
        if (sshKey == null) {
            throw new IllegalStateException("authorizeSshKey() first");
        }
        SshExec.Result reply = SshExec.run(sshKey, sshPort, "gwops", command);
        // without ssh's own "Connection to 127.0.0.1 closed by remote host." (Karaf closes the channel after each
        // command; -q and LogLevel do not silence it): what remains is what the appliance sent
        String errors = reply.err()
                .replaceAll("(?m)^Connection to \\S+ closed( by remote host)?\\.\\r?\\n?", "");
        String text = reply.out() + errors;
        return new Reply(reply.status(), text.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", ""));
    }

    String name() {
        return name;
    }

    String apiHost() {
        return apiHost;
    }

    Path home() {
        return home;
    }

    /** This gateway's LIO: the configfs-shaped folder its LocalGateway writes. */
    Path configfs() {
        return home.resolve("configfs");
    }

    Path log() {
        return home.resolve("data/log/karaf.log");
    }

    /**
     * Extra environment of the next {@link #start()}, e.g. {@code EXTRA_JAVA_OPTS} (bin/karaf adds it to the JVM's
     * options) to run the gateway with a profiler.
     */
    GatewayProcess environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** The gateway's JVM (bin/karaf runs it as its child): its process id, while it runs. */
    long jvmPid() {
        return jvmPid(process, name);
    }

    /** The JVM that {@code karaf} (a running {@code bin/karaf}) started: its process id. */
    static long jvmPid(Process karaf, String name) {
        if (karaf == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return karaf.descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().map(ProcessHandle::pid)
                .orElseThrow(() -> new IllegalStateException(name + ": no JVM below bin/karaf"));
    }

    /** The resident set size of the gateway's JVM in MiB ({@code ps -o rss}), while it runs. */
    long rssMib() throws Exception {
        Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(jvmPid())).start();
        String kib = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        ps.waitFor();
        return Long.parseLong(kib) / 1024;
    }

    /** Starts the JVM and waits until its API answers {@code GET /api/_ping} (at most 90 s). */
    void start() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("console.out").toFile());
        builder.environment().remove("KARAF_HOME");
        builder.environment().putAll(environment);
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Reply last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ": "
                        + Files.readString(home.resolve("console.out")));
            }
            try {
                last = get("/api/_ping");
                if (last.status() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + ": API did not answer within 90 s; last reply " + last);
    }

    /**
     * The TCP ports a process listens on, as {@code ss -ltnp} shows them: the listening sockets of
     * {@code /proc/net/tcp} and {@code tcp6} whose inode is one of the process's open file descriptors.
     */
    static SortedSet<Integer> listeningPorts(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // not a socket any more
                }
            }
        }
        SortedSet<Integer> ports = new TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) { // after the header
                String[] fields = line.trim().split("\\s+");
                // local_address (hex ip:port), st (0A is LISTEN), inode
                if (fields[3].equals("0A") && inodes.contains(fields[9])) {
                    ports.add(Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    /** Stops the JVM as {@code systemctl stop} would (SIGTERM), waiting for it to end. */
    void stop() throws Exception {
        if (process != null) {
            SshExec.stopTree(process);
        }
        process = null;
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    Reply get(String path) throws IOException {
        return request("GET", path, Map.of());
    }

    Reply put(String path, Map<String, String> form) throws IOException {
        return request("PUT", path, form);
    }

    Reply delete(String path, Map<String, String> form) throws IOException {
        return request("DELETE", path, form);
    }

    Reply request(String method, String path, Map<String, String> form) throws IOException {
        String host = apiHost.contains(":") ? "[" + apiHost + "]" : apiHost;
        HttpURLConnection connection = (HttpURLConnection) new URL("http://" + host + ":" + apiPort + path)
                .openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(60000);
        connection.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((apiUser + ":" + apiPassword).getBytes(StandardCharsets.UTF_8)));
        if (!form.isEmpty()) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            String body = form.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        return new Reply(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    /** {@code put}, failing the test with the reply unless it is 200. */
    Reply ok(String method, String path, Map<String, String> form) throws IOException {
        Reply reply = request(method, path, form);
        if (reply.status() != 200) {
            throw new AssertionError(name + ": " + method + " " + path + " " + form + " -> " + reply);
        }
        return reply;
    }

    static int freePort() {
        return Ports.free();
    }

    private static void edit(Path file, String key, String value) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        StringBuilder out = new StringBuilder();
        boolean done = false;
        for (String line : lines) {
            if (line.matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*")) {
                out.append(key).append(" = ").append(value).append('\n');
                done = true;
            } else {
                out.append(line).append('\n');
            }
        }
        if (!done) {
            out.append(key).append(" = ").append(value).append('\n');
        }
        Files.writeString(file, out);
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError(command + " failed: " + output);
        }
    }
}
