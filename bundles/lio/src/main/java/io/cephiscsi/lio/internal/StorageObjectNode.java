package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.Configfs;
import io.cephiscsi.lio.LioOp;
import io.cephiscsi.lio.LioState;
import io.cephiscsi.lio.LioState.StorageObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A backstore: {@code target/core/<plugin>_<hba>/<name>}. One HBA directory per storage object, as rtslib does,
 * so removing the object removes its HBA too. Creation order: control strings, {@code enable=1}, unit serial,
 * then attributes (TCMU refuses dev_config/dev_size after enable; the serial cannot change once exported).
 * An existing TCMU object grows live through {@code attrib/dev_size} (upstream's resize), never shrinks.
 */
public final class StorageObjectNode extends CfsNode {
    private final String hbaDir;
    private final StorageObject spec;

    public StorageObjectNode(Configfs fs, String hbaDir, StorageObject spec) {
        super(fs, Paths.CORE + "/" + hbaDir + "/" + spec.name());
        if (!hbaDir.startsWith(spec.plugin() + "_")) {
            throw new io.cephiscsi.lio.LioInvalidException("HBA " + hbaDir + " is not a " + spec.plugin() + " HBA");
        }
        this.hbaDir = hbaDir;
        this.spec = spec;
    }

    /** the HBA directory name for plugin and index, e.g. {@code user_3} */
    public static String hbaDir(String plugin, int index) {
        return plugin + "_" + index;
    }

    public String hbaPath() {
        return Paths.CORE + "/" + hbaDir;
    }

    public UnitSerialNode unitSerial() {
        return new UnitSerialNode(this);
    }

    public AluaGroupNode aluaGroup(LioState.AluaGroup group) {
        return new AluaGroupNode(this, group);
    }

    @Override
    protected List<LioOp> createOps() {
        List<LioOp> ops = new ArrayList<>();
        if (!fs.exists(hbaPath())) {
            ops.add(LioOp.mkdir(hbaPath()));
        }
        ops.add(LioOp.mkdir(path));
        ops.addAll(enableOps());
        ops.addAll(configureOps(null, null));
        return ops;
    }

    /** control strings then enable: also what completes an object left disabled by an interrupted apply */
    List<LioOp> enableOps() {
        List<LioOp> ops = new ArrayList<>();
        for (String c : spec.control()) {
            ops.add(writeOp("control", c));
        }
        ops.add(writeOp("enable", "1"));
        return ops;
    }

    /** serial and attributes that differ from the live ones (null: a new object) */
    List<LioOp> configureOps(String liveWwn, StorageObject live) {
        List<LioOp> ops = new ArrayList<>();
        if (spec.wwn() != null && !spec.wwn().equals(liveWwn)) {
            ops.add(unitSerial().setOp(spec.wwn()));
        }
        ops.addAll(attributeOps("attrib/", spec.attributes(), live == null ? null : live.attributes()));
        return ops;
    }

    /**
     * The write of {@code attrib/dev_size} that grows an existing, enabled TCMU object of {@code liveSize} bytes to
     * the desired size (the kernel passes it to tcmu-runner, and the initiators see the new capacity); null when the
     * size is not managed, the live one is unknown, or it is already that large: never shrunk, an equal size is not
     * written. A new object, or one not enabled yet, gets its size through {@code control}.
     */
    LioOp growOp(long liveSize) {
        return spec.size() >= 0 && liveSize >= 0 && liveSize < spec.size()
                ? writeOp("attrib/dev_size", Long.toString(spec.size())) : null;
    }

    /** {@code attrib/dev_size} as configfs shows it; -1 when it cannot be read */
    long liveSize() {
        return LiveReader.parseSize(get("attrib/dev_size"));
    }

    /**
     * Non-default ALUA groups go first (configfs refuses to rmdir a directory holding user-made ones), then the
     * object, then its HBA when nothing else is in it. LUNs linking to it must be gone (the kernel says EBUSY).
     */
    @Override
    protected List<LioOp> deleteOps() {
        List<LioOp> ops = new ArrayList<>();
        for (String g : fs.list(path + "/alua")) {
            if (!g.equals("default_tg_pt_gp")) {
                ops.add(LioOp.rmdir(path + "/alua/" + g));
            }
        }
        ops.add(LioOp.rmdir(path));
        boolean alone = fs.list(hbaPath()).stream()
                .allMatch(n -> n.equals(spec.name()) || n.equals("hba_info") || n.equals("hba_mode"));
        if (alone) {
            ops.add(LioOp.rmdir(hbaPath())); // its own HBA, as rtslib makes them
        }
        return ops;
    }
}
