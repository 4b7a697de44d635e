package io.cephiscsi.lio;

import io.cephiscsi.lio.internal.Live;
import io.cephiscsi.lio.internal.LiveReader;
import io.cephiscsi.lio.internal.Planner;
import io.cephiscsi.model.PausePoint;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Reconciles LIO with a desired {@link LioState}: {@link #read()} the live state, {@link #plan(LioState)} the
 * minimal ordered operations, {@link #apply(LioPlan)} them. A second plan of the same desired state is empty.
 * Configfs is the truth: {@link #plan(LioState)} always reads it. The one thing the engine remembers is what its
 * last plan applied in full left in configfs, so that {@link #planChange(LioState)} can plan the next change
 * without reading thousands of objects again; callers serialise plans and applies.
 */
public final class LioEngine {
    private final Configfs fs;
    /** the last plan made and what configfs holds once it is applied in full */
    private LioPlan planned;
    private Live plannedOutcome;
    /** what configfs holds after the last plan this engine applied in full; null when not known */
    private Live known;

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
        Planner planner = new Planner(fs);
        return remember(planner.plan(Objects.requireNonNull(desired, "desired")), planner);
    }

    /**
     * The operations from what this engine's last complete apply left to {@code desired}, without reading
     * configfs; the same as {@link #plan(LioState)} when nothing is known (no complete apply yet, or the last
     * one stopped early). For a gateway that is the only writer of its LIO: drift by others is found only by
     * {@link #plan(LioState)}.
     */
    public LioPlan planChange(LioState desired) {
        Live from = known;
        if (from == null) {
            return plan(desired);
        }
        Planner planner = new Planner(fs);
        return remember(planner.planFrom(Objects.requireNonNull(desired, "desired"), from), planner);
    }

    private LioPlan remember(LioPlan plan, Planner planner) {
        planned = plan;
        plannedOutcome = planner.outcome();
        return plan;
    }

    /** performs the plan in order, stopping at the first refused operation (reported, not thrown) */
    public ApplyResult apply(LioPlan plan) {
        Live outcome = plan == planned ? plannedOutcome : null;
        known = null; // until the plan is through
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
        known = outcome;
        return new ApplyResult(done, plan.size(), null);
    }

    /** plan (reading configfs) and apply */
    public ApplyResult reconcile(LioState desired) {
        return apply(plan(desired));
    }

    /** {@link #planChange(LioState)} and apply */
    public ApplyResult reconcileChange(LioState desired) {
        return apply(planChange(desired));
    }
}
