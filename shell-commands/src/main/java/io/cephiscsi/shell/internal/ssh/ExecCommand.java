package io.cephiscsi.shell.internal.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;

import javax.security.auth.Subject;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.ssh.KarafJaasAuthenticator;
import org.apache.karaf.util.filesstream.FilesStream;
import org.apache.karaf.util.jaas.JaasHelper;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSH exec request ({@code ssh gw 'gwcli ls /'}) run in a Karaf session as Karaf's own exec command runs it
 * (the session's environment, the logged-in user's JAAS subject, the exec init scripts, an {@code Integer} result
 * as the exit status, a failure's message with exit status 1), but finishing in the order SSH needs:
 * everything the command printed is flushed and both output streams closed (waiting for the client's window)
 * <em>before</em> the exit status is sent and the channel closes, and the SSH connection is left for the client
 * to close; a failure's message goes to stderr. Karaf 4.4.10's {@code ShellCommand} reports the exit first, closes its streams afterwards and then
 * closes the whole connection, which cut large outputs short (or made ssh exit 255).
 */
final class ExecCommand implements Command, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecCommand.class);
    /** The init scripts Karaf runs before an exec command (the first property set wins), as its ShellCommand. */
    private static final String EXEC_INIT_SCRIPT = "karaf.exec.init.script";
    private static final String SHELL_INIT_SCRIPT = "karaf.shell.init.script";
    /** The session variable in which Karaf keeps a session's last failure (its {@code shell:stack-traces-print}). */
    private static final String LAST_EXCEPTION = "karaf.lastException";

    private final SessionFactory sessions;
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private ChannelSession channel;
    private Environment environment;
    private Thread thread;

    ExecCommand(SessionFactory sessions, String command) {
        this.sessions = sessions;
        this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public synchronized void start(ChannelSession channel, Environment environment) {
        this.channel = channel;
        this.environment = environment;
        thread = new Thread(this, "ssh exec " + channel.getSession().getUsername());
        thread.start();
    }

    @Override
    public synchronized void destroy(ChannelSession channel) {
        if (thread != null && thread.isAlive() && thread != Thread.currentThread()) {
            thread.interrupt(); // the client went away: stop waiting for it
        }
    }

    @Override
    public void run() {
        int status = 1;
        PrintStream stdout = new PrintStream(out);
        PrintStream stderr = new PrintStream(err);
        try {
            Session session = sessions.create(in, stdout, stderr);
            try {
                status = execute(session, stderr);
            } finally {
                session.close();
            }
        } catch (Exception | LinkageError e) {
            LOG.error("ssh exec '{}': unable to run it in a Karaf session", command, e);
        } finally {
            drain(stdout, stderr);
            exit.onExit(status);
        }
    }

    /** The command's exit status: its {@code Integer} result, 0 for any other, 1 when it failed (printed on stderr). */
    private int execute(Session session, PrintStream stderr) {
        environment.getEnv().forEach(session::put);
        Subject subject = channel.getSession().getAttribute(KarafJaasAuthenticator.SUBJECT_ATTRIBUTE_KEY);
        try {
            Object result;
            if (subject != null) {
                session.put(Subject.class.getName(), subject);
                try {
                    result = JaasHelper.doAs(subject, (PrivilegedExceptionAction<Object>) () -> initAndRun(session));
                } catch (PrivilegedActionException e) {
                    throw e.getException();
                }
            } else {
                result = initAndRun(session);
            }
            return result instanceof Integer code ? code : 0;
        } catch (Throwable t) {
            session.put(LAST_EXCEPTION, t);
            LOG.debug("ssh exec '{}' failed", command, t);
            stderr.println(failure(t));
            return 1;
        }
    }

    /**
     * Karaf's wording of a failed command, on stderr where a script expects it (Karaf's own exec command prints it
     * on stdout, among the command's output).
     */
    static String failure(Throwable t) {
        if ("CommandNotFoundException".equals(t.getClass().getSimpleName())) {
            return "Command not found: " + t.getMessage().replaceFirst("^Command not found: ", "");
        }
        return "Error executing command: " + (t.getMessage() != null ? t.getMessage() : t.getClass().getName());
    }

    private Object initAndRun(Session session) throws Exception {
        String scripts = System.getProperty(EXEC_INIT_SCRIPT, System.getProperty(SHELL_INIT_SCRIPT));
        if (scripts != null && needsInitScripts(command)) {
            FilesStream.stream(scripts).forEach(script -> runScript(session, script));
        }
        return session.execute(command);
    }

    /**
     * Whether the command line may use what the init scripts define (the console's aliases such as {@code la},
     * functions, variables): every command line but a plain gwcli one-shot ({@code gwcli ls /}: the word
     * {@code gwcli} and its arguments, nothing Gogo would expand, pipe or chain). Parsing Karaf's
     * {@code shell.init.script} for each one-shot was about a sixth of the appliance's CPU per {@code ssh gw
     * 'gwcli ls /'} at 1,000 disks (JFR), and a gwcli command uses none of it.
     */
    static boolean needsInitScripts(String commandLine) {
        String line = commandLine.strip();
        boolean gwcli = line.equals("gwcli") || line.startsWith("gwcli ") || line.startsWith("gwcli\t");
        return !gwcli || line.chars().anyMatch(c -> ";|&\n\r{}()[]$`<>".indexOf(c) >= 0);
    }

    /** An init script that fails is reported and skipped, as Karaf does. */
    private static void runScript(Session session, Path script) {
        try {
            session.execute(String.join("\n", Files.readAllLines(script)));
        } catch (Exception e) {
            LOG.debug("ssh exec: init script {} failed", script, e);
            session.getConsole().println("Error in initialization script: " + script + ": " + e.getMessage());
        }
    }

    /**
     * Sends everything still buffered and closes stderr, then stdout: SSH's channel streams block until the
     * client's window takes the data, so after this returns every byte is queued ahead of the exit status.
     */
    private void drain(PrintStream stdout, PrintStream stderr) {
        stdout.flush();
        stderr.flush();
        close(err, "stderr");
        close(out, "stdout");
    }

    private void close(OutputStream stream, String name) {
        try {
            stream.close();
        } catch (IOException e) {
            LOG.debug("ssh exec '{}': closing {} failed (the client went away?)", command, name, e);
        }
    }
}
