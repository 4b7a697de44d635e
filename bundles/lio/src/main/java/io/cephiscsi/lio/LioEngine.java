package io.cephiscsi.lio;

import io.cephiscsi.lio.internal.LiveReader;
import io.cephiscsi.lio.internal.Planner;
import io.cephiscsi.model.PausePoint;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Reconciles LIO with a desired {@link LioState}: {@link #read()} the live state, {@link #plan(LioState)} the
 * minimal ordered operations, {@link #apply(LioPlan)} them. A second plan of the same desired state is empty.
 * Holds no state between calls (configfs is the only truth), so one engine per root is enough and is safe to
 * share; callers serialise applies.
 */
public final class LioEngine {
    private final Configfs fs;

    public LioEngine(Configfs fs) {
        this.fs = Objects.requireNonNull(fs, "fs");
    }

    /** an engine on a configfs root, e.g. {@code /sys/kernel/config} */
    public static LioEngine at(Path root) {
        return new LioEngine(new Configfs(root));
    }

    public Configfs configfs() {
        return fs;
    }

    /** everything readable under the root, in one walk */
    public LioState read() {
        return new LiveReader(fs, null).readState();
    }

    /** the operations that take the live state to {@code desired}; empty when they already agree */
    public LioPlan plan(LioState desired) {
        return new Planner(fs).plan(Objects.requireNonNull(desired, "desired"));
    }

    /** performs the plan in order, stopping at the first refused operation (reported, not thrown) */
    public ApplyResult apply(LioPlan plan) {
        int done = 0;
        for (LioOp op : plan.ops()) {
            // fault tests only: OFF unless the property is set (checked first: the engine runs without the model
            // classes in the LIO lab, and PausePoint is loaded only when reached)
            if (done == plan.size() / 2 && plan.size() > 1 && System.getProperty(PausePoint.PROPERTY) != null) {
                PausePoint.reach("mid-apply");
            }
            try {
                fs.apply(op);
            } catch (LioWriteRefusedException e) {
                return new ApplyResult(done, plan.size(), e);
            }
            done++;
        }
        return new ApplyResult(done, plan.size(), null);
    }

    /** plan and apply */
    public ApplyResult reconcile(LioState desired) {
        return apply(plan(desired));
    }
}
