package io.cephiscsi.lio;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The emulated configfs, plus what tests need: refusals injected on chosen operations, and an operation count. */
public class KernelLikeFolder extends EmulatedConfigfs {
    private final List<Refusal> refusals = new ArrayList<>();
    private int writes;

    private record Refusal(Predicate<LioOp> match, String reason, boolean once) {
    }

    public KernelLikeFolder(Path root) throws IOException {
        super(root);
    }

    /** the next operation matching {@code match} fails with {@code reason} (e.g. "Invalid argument") */
    public KernelLikeFolder refuseOnce(Predicate<LioOp> match, String reason) {
        refusals.add(new Refusal(match, reason, true));
        return this;
    }

    /** number of operations performed through {@link #apply(LioOp)} */
    public int operations() {
        return writes;
    }

    @Override
    public void apply(LioOp op) {
        for (Refusal r : refusals) {
            if (r.match().test(op)) {
                if (r.once()) {
                    refusals.remove(r);
                }
                throw new LioWriteRefusedException(op, r.reason(), new FileSystemException(op.path(), null, r.reason()));
            }
        }
        writes++;
        super.apply(op);
    }
}
