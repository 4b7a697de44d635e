package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.LioState;
import io.cephiscsi.lio.LioState.AluaGroup;
import io.cephiscsi.lio.LioState.Lun;
import io.cephiscsi.lio.LioState.MappedLun;
import io.cephiscsi.lio.LioState.NodeAcl;
import io.cephiscsi.lio.LioState.StorageObject;
import io.cephiscsi.lio.LioState.Target;
import io.cephiscsi.lio.LioState.Tpg;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Hash lookups built once per plan: the records' own finders scan lists, O(n²) at thousands of LUNs. */
final class Idx {
    private Idx() {
    }

    static Map<String, StorageObject> sos(LioState s) {
        return by(s.storageObjects(), StorageObject::key);
    }

    static Map<String, Target> targets(LioState s) {
        return by(s.targets(), Target::iqn);
    }

    static Map<Integer, Tpg> tpgs(Target t) {
        return t == null ? Map.of() : by(t.tpgs(), Tpg::tag);
    }

    static Map<Integer, Lun> luns(Tpg t) {
        return t == null ? Map.of() : by(t.luns(), Lun::index);
    }

    static Map<String, NodeAcl> acls(Tpg t) {
        return t == null ? Map.of() : by(t.acls(), NodeAcl::initiator);
    }

    static Map<Integer, MappedLun> mapped(NodeAcl a) {
        return a == null ? Map.of() : by(a.mappedLuns(), MappedLun::index);
    }

    static Map<String, AluaGroup> groups(StorageObject so) {
        return so == null ? Map.of() : by(so.aluaGroups(), AluaGroup::name);
    }

    private static <K, V> Map<K, V> by(Iterable<V> values, Function<V, K> key) {
        Map<K, V> m = new HashMap<>();
        for (V v : values) {
            m.put(key.apply(v), v);
        }
        return m;
    }
}
