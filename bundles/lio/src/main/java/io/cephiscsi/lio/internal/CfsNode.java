package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.Configfs;
import io.cephiscsi.lio.LioExistsException;
import io.cephiscsi.lio.LioException;
import io.cephiscsi.lio.LioNotFoundException;
import io.cephiscsi.lio.LioOp;
import io.cephiscsi.lio.LioState.Chap;
import io.cephiscsi.lio.OpenMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The base of every configfs object: its path under the injected root, existence, attribute read/write, and
 * the operations that create, configure and delete it. Subclasses add identity (normalised and validated in
 * their constructors), the path segment, the order in which the kernel wants things written, and cascades.
 *
 * <p>Objects produce {@link LioOp}s rather than writing directly, so the planner and the direct
 * {@link #open(OpenMode)}/{@link #delete()} API share one description of each object.
 */
public abstract class CfsNode {
    protected final Configfs fs;
    protected final String path;

    protected CfsNode(Configfs fs, String path) {
        this.fs = fs;
        this.path = path;
    }

    /** the path relative to the configfs root */
    public String path() {
        return path;
    }

    public boolean exists() {
        return fs.exists(path);
    }

    /** an attribute's value (relative name such as {@code attrib/nopin_timeout}); null when absent */
    public String get(String attribute) {
        return fs.read(path + "/" + attribute);
    }

    public void set(String attribute, String value) {
        fs.apply(writeOp(attribute, value));
    }

    public LioOp writeOp(String attribute, String value) {
        return LioOp.write(path + "/" + attribute, value);
    }

    /** mkdir plus everything that makes the object complete, in the order the kernel needs */
    protected abstract List<LioOp> createOps();

    /** removal of this object and what hangs on it (cascade), innermost first */
    protected List<LioOp> deleteOps() {
        return List.of(LioOp.rmdir(path));
    }

    /**
     * Opens the object in an explicit mode. A create that fails half-way is rolled back (rtslib's lesson), so
     * the object exists fully or not at all.
     */
    public void open(OpenMode mode) {
        boolean there = exists();
        switch (mode) {
            case LOOKUP -> {
                if (!there) {
                    throw new LioNotFoundException(kind() + " " + path + " is not in configfs");
                }
            }
            case CREATE -> {
                if (there) {
                    throw new LioExistsException(kind() + " " + path + " already exists in configfs");
                }
                create();
            }
            case ANY -> {
                if (!there) {
                    create();
                }
            }
        }
    }

    private void create() {
        try {
            run(createOps());
        } catch (LioException e) {
            try {
                if (exists()) {
                    run(deleteOps());
                }
            } catch (LioException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    /** deletes the object and what depends on it */
    public void delete() {
        if (exists()) {
            run(deleteOps());
        }
    }

    protected void run(List<LioOp> ops) {
        for (LioOp op : ops) {
            fs.apply(op);
        }
    }

    protected String kind() {
        return getClass().getSimpleName().replace("Node", "");
    }

    /** writes of managed attributes whose live value differs ({@code live} null: write them all) */
    protected List<LioOp> attributeOps(String dir, Map<String, String> desired, Map<String, String> live) {
        List<LioOp> ops = new ArrayList<>();
        for (Map.Entry<String, String> e : desired.entrySet()) {
            String have = live == null ? null : live.get(e.getKey());
            if (!e.getValue().equals(have)) {
                ops.add(writeOp(dir + e.getKey(), e.getValue()));
            }
        }
        return ops;
    }

    /**
     * CHAP writes under {@code auth/}: user before password, one-way before mutual, as upstream; the kernel
     * takes the string "NULL" to unset a value.
     */
    protected List<LioOp> chapOps(Chap desired, Chap live) {
        List<LioOp> ops = new ArrayList<>();
        if (desired == null) {
            return ops;
        }
        Chap have = live == null ? Chap.NONE : live;
        boolean fresh = live == null;
        chap(ops, "auth/userid", desired.userid(), have.userid(), fresh);
        chap(ops, "auth/password", desired.password(), have.password(), fresh);
        chap(ops, "auth/userid_mutual", desired.mutualUserid(), have.mutualUserid(), fresh);
        chap(ops, "auth/password_mutual", desired.mutualPassword(), have.mutualPassword(), fresh);
        return ops;
    }

    private void chap(List<LioOp> ops, String attr, String want, String have, boolean fresh) {
        // a fresh object has no credentials: only non-empty values need writing
        if (fresh ? !want.isEmpty() : !want.equals(have)) {
            ops.add(writeOp(attr, want.isEmpty() ? "NULL" : want));
        }
    }

    @Override
    public String toString() {
        return kind() + "(" + path + ")";
    }
}
