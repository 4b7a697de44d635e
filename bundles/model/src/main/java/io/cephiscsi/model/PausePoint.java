package io.cephiscsi.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fault-injection pause points for the fault tests: OFF unless the JVM runs with
 * {@code -Dcephiscsi.test.pauseDir=<folder>}. Then a thread reaching step {@code s} while the file
 * {@code <folder>/s} exists creates {@code <folder>/s.reached} and waits until {@code <folder>/s} is removed, so a
 * test can {@code kill -9} the appliance at exactly that step. Steps: {@code lock-held} (the config lock taken, nothing
 * written), {@code committed} (the new epoch written, not yet published to this gateway's reconcile),
 * {@code mid-apply} (half of an LIO plan applied).
 */
public final class PausePoint {

    /** The system property naming the folder of the arming files; unset in production. */
    public static final String PROPERTY = "cephiscsi.test.pauseDir";

    // the JDK's logger: the LIO engine's users (and tests) need no logging library for a hook that is off
    private static final System.Logger LOG = System.getLogger(PausePoint.class.getName());

    private PausePoint() {
    }

    /** Pauses here while the test armed {@code step}; returns at once when the property is not set. */
    public static void reach(String step) {
        String folder = System.getProperty(PROPERTY);
        if (folder == null) {
            return;
        }
        Path armed = Path.of(folder, step);
        if (!Files.exists(armed)) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "Fault-injection pause point {0} reached; waiting until {1} is removed",
                step, armed);
        try {
            Files.writeString(Path.of(folder, step + ".reached"), Thread.currentThread().getName());
            while (Files.exists(armed)) {
                Thread.sleep(50);
            }
        } catch (java.io.IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Pause point {0}: {1}", step, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
