package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.Configfs;
import io.cephiscsi.lio.LioInvalidException;
import io.cephiscsi.lio.LioOp;
import io.cephiscsi.lio.LioPlan;
import io.cephiscsi.lio.LioState;
import io.cephiscsi.lio.LioState.AluaGroup;
import io.cephiscsi.lio.LioState.Lun;
import io.cephiscsi.lio.LioState.MappedLun;
import io.cephiscsi.lio.LioState.NodeAcl;
import io.cephiscsi.lio.LioState.StorageObject;
import io.cephiscsi.lio.LioState.Target;
import io.cephiscsi.lio.LioState.Tpg;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes the minimal ordered operations from a live snapshot to a desired state.
 *
 * <p>Removals first, innermost first: disable TPGs, portals, mapped LUNs, ACLs, LUNs, TPGs, targets, backstores.
 * Then creation in upstream's order: backstores, targets, TPGs, LUNs, ACLs and mapped LUNs, ALUA groups and
 * memberships, ALUA groups no longer wanted, portals, then {@code enable}, then discovery auth. Each phase is its
 * own list, so one pass over the state fills all of them and the result is concatenated at the end.
 *
 * <p>ALUA groups of an existing storage object follow what the kernel allows (measured on a Debian 6.1 kernel):
 * a group's {@code tg_pt_gp_id} is written once (any later write is EINVAL), two groups of one storage object
 * cannot hold the same id (EINVAL), a LUN can join only a group that has an id (ENODEV), and removing a group
 * moves its member LUNs to {@code default_tg_pt_gp}. So a group whose id must change (an owner change gives "ao"
 * the new owner's TPG tag) is replaced: the group holding the id it needs (if any) and the group itself are
 * removed (their LUNs fall back to the default group for a moment), then it is created under its name with the
 * id and attributes, and its LUNs join it right away. Groups no longer wanted that block nothing are removed
 * after every LUN has joined its new group, so a LUN waits in the default group only between the removal of the
 * group blocking its new one and its join. Every step leaves a state the next plan converges from.
 *
 * <p>An existing TCMU storage object smaller than its desired size grows live ({@code attrib/dev_size}, a resize),
 * after everything else: the kernel asks tcmu-runner, and a refusal (EIO while it is down) then stops nothing else.
 * One that is larger is never shrunk, and the outcome keeps its live size so that a later change plan does not
 * shrink it either.
 *
 * <p>Anything under the root that the desired state does not hold is removed: the gateway owns LIO (as
 * upstream's clearconfig does), except storage objects of plugins the engine does not model.
 */
public final class Planner {
    private final Configfs fs;

    // removal phases
    private final List<LioOp> disable = new ArrayList<>();
    private final List<LioOp> rmPortals = new ArrayList<>();
    private final List<LioOp> rmMapped = new ArrayList<>();
    private final List<LioOp> rmAcls = new ArrayList<>();
    private final List<LioOp> rmLuns = new ArrayList<>();
    private final List<LioOp> rmTpgs = new ArrayList<>();
    private final List<LioOp> rmTargets = new ArrayList<>();
    private final List<LioOp> rmStorage = new ArrayList<>();
    // creation phases
    private final List<LioOp> mkStorage = new ArrayList<>();
    private final List<LioOp> mkTargets = new ArrayList<>();
    private final List<LioOp> mkTpgs = new ArrayList<>();
    private final List<LioOp> mkLuns = new ArrayList<>();
    private final List<LioOp> mkAcls = new ArrayList<>();
    private final List<LioOp> mkAlua = new ArrayList<>();
    private final List<LioOp> mkMembers = new ArrayList<>();
    private final List<LioOp> rmAlua = new ArrayList<>();
    private final List<LioOp> mkPortals = new ArrayList<>();
    private final List<LioOp> enable = new ArrayList<>();
    private final List<LioOp> discovery = new ArrayList<>();
    /** live grows last: one the kernel refuses (tcmu-runner down: EIO) leaves every other change of the plan made */
    private final List<LioOp> grow = new ArrayList<>();
    /** "{@code <plugin>/<name>/<group>}" → the desired LUNs in that group */
    private Map<String, List<LunNode>> membersOf; // built when a group is first created in this plan
    private LioState desired;
    /** groups created (or replaced) in this plan: their LUNs join them right after, not in the member phase */
    private final Set<String> touched = new HashSet<>();
    /** HBA numbers in use once the plan is applied, and which HBA holds each storage object then */
    private final Set<Integer> usedHbas = new HashSet<>();
    private Live outcome;
    /** storage objects the plan leaves larger than desired (never shrunk): key → their live size */
    private final Map<String, Long> larger = new HashMap<>();

    public Planner(Configfs fs) {
        this.fs = fs;
    }

    public LioPlan plan(LioState desired) {
        check(desired);
        return plan(desired, new LiveReader(fs, desired).read());
    }

    /**
     * Plans from a snapshot instead of reading configfs: {@code known} is the {@link #outcome()} of a plan applied in
     * full, with nothing else writing configfs since.
     */
    public LioPlan planFrom(LioState desired, Live known) {
        check(desired);
        return plan(desired, known);
    }

    /**
     * What configfs holds once the last plan is applied in full, as a reader scoped to its desired state would
     * find it: the desired state itself, with the HBA of each storage object. Null before a plan.
     */
    public Live outcome() {
        return outcome;
    }

    LioPlan plan(LioState desired, Live live) {
        Map<String, String> hbaOf = new HashMap<>(live.hbaOf());
        this.desired = desired;
        storage(desired, live, hbaOf);
        targets(desired, live, hbaOf);
        if (desired.discoveryAuth() != null) {
            discovery.addAll(new DiscoveryAuthNode(fs).configureOps(desired.discoveryAuth(),
                    live.state().discoveryAuth()));
        }
        List<LioOp> all = new ArrayList<>();
        for (List<LioOp> phase : List.of(disable, rmPortals, rmMapped, rmAcls, rmLuns, rmTpgs, rmTargets, rmStorage,
                mkStorage, mkTargets, mkTpgs, mkLuns, mkAcls, mkAlua, mkMembers, rmAlua, mkPortals, enable,
                discovery, grow)) {
            all.addAll(phase);
        }
        usedHbas.addAll(live.hbaIndexes());
        boolean fabric = live.fabric() || !desired.targets().isEmpty() || desired.discoveryAuth() != null;
        LioState result = desired;
        if (!larger.isEmpty()) { // what configfs will show: their own size, not the smaller desired one
            result = new LioState(desired.storageObjects().stream()
                    .map(so -> so.withSize(larger.getOrDefault(so.key(), so.size()))).toList(),
                    desired.targets(), desired.discoveryAuth());
        }
        outcome = new Live(result, Map.copyOf(hbaOf), Set.of(), Set.copyOf(usedHbas), List.of(), fabric, Set.of());
        return new LioPlan(all);
    }

    private void storage(LioState desired, Live live, Map<String, String> hbaOf) {
        Map<String, StorageObject> dSo = Idx.sos(desired);
        Map<String, StorageObject> lSo = Idx.sos(live.state());
        Map<String, Integer> perHba = new HashMap<>();
        live.hbaOf().values().forEach(h -> perHba.merge(h, 1, Integer::sum));
        for (StorageObject have : live.state().storageObjects()) {
            if (!dSo.containsKey(have.key())) {
                String hba = hbaOf.remove(have.key());
                StorageObjectNode node = new StorageObjectNode(fs, hba, have);
                for (AluaGroup g : have.aluaGroups()) {
                    rmStorage.add(LioOp.rmdir(node.path() + "/alua/" + g.name()));
                }
                rmStorage.add(LioOp.rmdir(node.path()));
                if (perHba.get(hba) == 1) {
                    rmStorage.add(LioOp.rmdir(node.hbaPath())); // one HBA per storage object, as rtslib
                }
            }
        }
        for (String hba : live.emptyHbas()) {
            rmStorage.add(LioOp.rmdir(Paths.CORE + "/" + hba));
        }
        Set<Integer> used = usedHbas;
        used.addAll(live.hbaIndexes());
        int next = 0;
        for (StorageObject want : desired.storageObjects()) {
            StorageObject have = lSo.get(want.key());
            if (have == null) {
                while (used.contains(next)) {
                    next++;
                }
                used.add(next);
                String hba = StorageObjectNode.hbaDir(want.plugin(), next);
                hbaOf.put(want.key(), hba);
                StorageObjectNode node = new StorageObjectNode(fs, hba, want);
                mkStorage.add(LioOp.mkdir(node.hbaPath()));
                mkStorage.add(LioOp.mkdir(node.path()));
                mkStorage.addAll(node.enableOps());
                mkStorage.addAll(node.configureOps(null, null));
                for (AluaGroup g : want.aluaGroups()) {
                    mkAlua.addAll(node.aluaGroup(g).createOps());
                }
                continue;
            }
            if ((have == want || have.equals(want)) && !live.disabled().contains(want.key())) {
                continue; // nothing of it to write (most of them, when a plan follows one change)
            }
            StorageObjectNode node = new StorageObjectNode(fs, hbaOf.get(want.key()), want);
            if (live.disabled().contains(want.key())) {
                mkStorage.addAll(node.enableOps()); // an apply stopped between mkdir and enable: control sizes it
            } else if (want.size() >= 0) {
                // a snapshot that did not manage the size (the last desired state had none) asks configfs
                long size = have.size() >= 0 ? have.size() : node.liveSize();
                LioOp op = node.growOp(size); // a resize: TCMU grows live, never shrinks
                if (op != null) {
                    grow.add(op);
                }
                if (size > want.size()) {
                    larger.put(want.key(), size); // left larger (an image shrunk behind our back): it stays so
                }
            }
            mkStorage.addAll(node.configureOps(have.wwn(), have));
            alua(node, want, have, live.idlessGroups());
        }
    }

    /**
     * The desired LUNs in group {@code key}. Walking every LUN of every TPG costs milliseconds at a thousand LUNs,
     * so it is done once, and only by a plan that creates or replaces a group.
     */
    private List<LunNode> membersOf(String key) {
        if (membersOf == null) {
            membersOf = new HashMap<>();
            for (Target t : desired.targets()) {
                TargetNode tn = new TargetNode(fs, t.iqn());
                for (Tpg tpg : t.tpgs()) {
                    TpgNode pn = tn.tpg(tpg.tag());
                    for (Lun l : tpg.luns()) {
                        if (l.aluaGroup() != null) {
                            membersOf.computeIfAbsent(l.storageObject() + "/" + l.aluaGroup(),
                                    k -> new ArrayList<>()).add(pn.lun(l.index()));
                        }
                    }
                }
            }
        }
        return membersOf.getOrDefault(key, List.of());
    }

    /** the ALUA groups of a storage object that exists: see the class comment for the kernel's rules */
    private void alua(StorageObjectNode node, StorageObject want, StorageObject have, Set<String> idless) {
        Map<String, AluaGroup> wg = Idx.groups(want);
        Map<String, AluaGroup> hg = Idx.groups(have);
        Map<Integer, String> holder = new HashMap<>(); // live id → the group holding it
        for (AluaGroup h : have.aluaGroups()) {
            if (!idless.contains(want.key() + "/" + h.name())) {
                holder.put(h.id(), h.name());
            }
        }
        Set<String> removed = new HashSet<>();
        for (AluaGroup g : want.aluaGroups()) {
            AluaGroup h = hg.get(g.name());
            if (h == g) {
                continue; // the reader found every managed value as desired
            }
            AluaGroupNode gn = node.aluaGroup(g);
            boolean noId = h != null && idless.contains(want.key() + "/" + g.name());
            if (h != null && !noId && h.id() == g.id()) {
                mkAlua.addAll(gn.configureOps(h)); // the right id: attributes only, members in the member phase
                continue;
            }
            String blocker = holder.remove(g.id()); // another group holds the id: it goes first
            if (blocker != null && removed.add(blocker)) {
                mkAlua.add(LioOp.rmdir(node.path() + "/alua/" + blocker));
            }
            if (h != null && !noId) { // another id, set for good: the group is made anew under its name
                holder.remove(h.id(), g.name());
                if (removed.add(g.name())) {
                    mkAlua.add(LioOp.rmdir(gn.path()));
                }
            }
            mkAlua.addAll(noId ? gn.completeOps(h) : gn.createOps());
            holder.put(g.id(), g.name());
            String key = want.key() + "/" + g.name();
            touched.add(key);
            for (LunNode l : membersOf(key)) {
                mkAlua.add(l.aluaMembershipOp(g.name()));
            }
        }
        for (AluaGroup h : have.aluaGroups()) {
            if (!wg.containsKey(h.name()) && !removed.contains(h.name())) {
                rmAlua.add(LioOp.rmdir(node.path() + "/alua/" + h.name())); // its LUNs have joined their groups
            }
        }
    }

    private void targets(LioState desired, Live live, Map<String, String> hbaOf) {
        Map<String, Target> dT = Idx.targets(desired);
        Map<String, Target> lT = Idx.targets(live.state());
        for (Target have : live.state().targets()) {
            if (!dT.containsKey(have.iqn())) {
                rmTargets.addAll(new TargetNode(fs, have.iqn()).deleteOps());
            }
        }
        if (!live.fabric() && (!desired.targets().isEmpty() || desired.discoveryAuth() != null)) {
            mkTargets.add(LioOp.mkdir(Paths.ISCSI)); // the iSCSI fabric appears on its first mkdir
        }
        for (Target want : desired.targets()) {
            Target have = lT.get(want.iqn());
            if (have == want) {
                continue; // derived again as the same instance: nothing of it changed
            }
            TargetNode node = new TargetNode(fs, want.iqn());
            if (have == null) {
                mkTargets.add(LioOp.mkdir(node.path()));
            } else {
                for (Tpg ht : have.tpgs()) {
                    if (want.tpg(ht.tag()) == null) {
                        rmTpgs.addAll(node.tpg(ht.tag()).deleteOps());
                    }
                }
            }
            for (Tpg wt : want.tpgs()) {
                tpg(node.tpg(wt.tag()), wt, have == null ? null : have.tpg(wt.tag()), hbaOf);
            }
        }
    }

    private void tpg(TpgNode node, Tpg want, Tpg have, Map<String, String> hbaOf) {
        if (want == have || want.equals(have)) {
            return; // the same LUNs on the same storage objects, ACLs, portals, settings: nothing to write
        }
        if (have == null) {
            mkTpgs.addAll(node.createOps());
        } else if (have.enabled() && !want.enabled()) {
            disable.add(node.enableOp(false));
        }
        mkTpgs.addAll(node.configureOps(want, have));

        // portals
        for (String p : have == null ? List.<String>of() : have.portals()) {
            if (!want.portals().contains(p)) {
                rmPortals.add(LioOp.rmdir(node.path() + "/np/" + p));
            }
        }
        for (String p : want.portals()) {
            if (have == null || !have.portals().contains(p)) {
                mkPortals.addAll(node.portal(p).createOps());
            }
        }

        Map<Integer, Lun> wLuns = Idx.luns(want);
        Map<Integer, Lun> hLuns = Idx.luns(have);
        Map<String, NodeAcl> wAcls = Idx.acls(want);
        Map<String, NodeAcl> hAcls = Idx.acls(have);
        // LUNs: one linked to another storage object is re-created
        Set<Integer> gone = new HashSet<>();
        for (Lun hl : have == null ? List.<Lun>of() : have.luns()) {
            Lun wl = wLuns.get(hl.index());
            if (wl == null || !wl.storageObject().equals(hl.storageObject())) {
                gone.add(hl.index());
                rmLuns.addAll(node.lun(hl.index()).unlinkOps());
            }
        }
        for (Lun wl : want.luns()) {
            Lun hl = hLuns.get(wl.index());
            boolean fresh = hl == null || gone.contains(wl.index());
            if (fresh) {
                String hba = hbaOf.get(wl.storageObject());
                String name = wl.storageObject().substring(wl.storageObject().indexOf('/') + 1);
                mkLuns.addAll(node.lun(wl.index()).storage(Paths.CORE + "/" + hba + "/" + name).createOps());
            }
            if (wl.aluaGroup() != null && !touched.contains(wl.storageObject() + "/" + wl.aluaGroup())
                    && (fresh || !wl.aluaGroup().equals(hl.aluaGroup()))) {
                mkMembers.add(node.lun(wl.index()).aluaMembershipOp(wl.aluaGroup()));
            }
        }

        // ACLs and mapped LUNs (a mapped LUN on a re-created LUN is re-created too)
        for (NodeAcl ha : have == null ? List.<NodeAcl>of() : have.acls()) {
            NodeAcl wa = wAcls.get(ha.initiator());
            NodeAclNode an = node.acl(ha.initiator());
            if (wa == null) {
                rmAcls.addAll(an.deleteOps());
                continue;
            }
            Map<Integer, MappedLun> wMapped = Idx.mapped(wa);
            for (MappedLun hm : ha.mappedLuns()) {
                MappedLun wm = wMapped.get(hm.index());
                if (wm == null || wm.tpgLun() != hm.tpgLun() || gone.contains(hm.tpgLun())) {
                    rmMapped.addAll(an.mappedLun(hm.index()).deleteOps());
                }
            }
        }
        for (NodeAcl wa : want.acls()) {
            NodeAcl ha = hAcls.get(wa.initiator());
            NodeAclNode an = node.acl(wa.initiator());
            if (ha == null) {
                mkAcls.addAll(an.createOps());
            }
            mkAcls.addAll(an.configureOps(wa, ha));
            Map<Integer, MappedLun> hMapped = Idx.mapped(ha);
            for (MappedLun wm : wa.mappedLuns()) {
                MappedLun hm = hMapped.get(wm.index());
                MappedLunNode mn = an.mappedLun(wm.index());
                if (hm == null || hm.tpgLun() != wm.tpgLun() || gone.contains(hm.tpgLun())) {
                    mkAcls.addAll(mn.to(wm.tpgLun(), wm.writeProtect()).createOps());
                } else if (hm.writeProtect() != wm.writeProtect()) {
                    mkAcls.add(mn.writeOp("write_protect", wm.writeProtect() ? "1" : "0"));
                }
            }
        }

        if (want.enabled() && (have == null || !have.enabled())) {
            enable.add(node.enableOp(true));
        }
    }

    /** references inside a desired state must resolve before anything is written */
    static void check(LioState desired) {
        Map<String, StorageObject> sos = Idx.sos(desired);
        for (StorageObject so : desired.storageObjects()) {
            Set<Integer> ids = new HashSet<>();
            for (AluaGroup g : so.aluaGroups()) {
                if (!ids.add(g.id())) { // the kernel refuses a second group with one id (EINVAL)
                    throw new LioInvalidException("storage object " + so.key() + ": two ALUA groups with id "
                            + g.id());
                }
            }
        }
        for (Target t : desired.targets()) {
            for (Tpg tpg : t.tpgs()) {
                Map<Integer, Lun> luns = Idx.luns(tpg);

                for (Lun l : tpg.luns()) {
                    StorageObject so = sos.get(l.storageObject());
                    if (so == null) {
                        throw new LioInvalidException(t.iqn() + " tpgt_" + tpg.tag() + " lun_" + l.index()
                                + ": no storage object " + l.storageObject());
                    }
                    if (l.aluaGroup() != null && so.aluaGroup(l.aluaGroup()) == null) {
                        throw new LioInvalidException(t.iqn() + " tpgt_" + tpg.tag() + " lun_" + l.index()
                                + ": storage object " + so.key() + " has no ALUA group " + l.aluaGroup());
                    }
                }
                for (NodeAcl a : tpg.acls()) {
                    for (MappedLun m : a.mappedLuns()) {
                        if (!luns.containsKey(m.tpgLun())) {
                            throw new LioInvalidException(t.iqn() + " tpgt_" + tpg.tag() + " " + a.initiator()
                                    + " lun_" + m.index() + ": no TPG LUN " + m.tpgLun());
                        }
                    }
                }
            }
        }
    }
}
