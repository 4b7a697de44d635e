package io.cephiscsi.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cephiscsi.gateway.ClientInfo;
import io.cephiscsi.gateway.DiskRequest;
import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.TargetAuthAction;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.TargetConfig;

/** The commands of a target's {@code hosts}, a host, its {@code host-groups} and a group. */
final class HostActions {

    static final String HOSTS_AUTH_USAGE = "Use 'auth nochap|disable_acl|enable_acl'";

    private final GatewayAdmin gateway;

    HostActions(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    Outcome run(Location at, String verb, Map<String, String> p) {
        return switch (at.kind()) {
            case HOSTS -> hosts(at, verb, p);
            case HOST -> host(at.target(), at.last(), verb, p);
            case GROUPS -> verb.equals("create")
                    ? Outcome.ok(gateway.updateHostGroup(at.target(), p.get("group_name"), List.of(), List.of(), true))
                            .thenCd(at.child(p.get("group_name")).names())
                    : Outcome.ok(gateway.deleteHostGroup(at.target(), p.get("group_name")));
            case GROUP -> group(at.target(), at.last(), verb, p);
            case HOST_LUN -> lunInfo(at.target(), at.name(3), at.last());
            default -> throw new IllegalStateException(at.kind() + " has no host commands");
        };
    }

    private Outcome hosts(Location at, String verb, Map<String, String> p) {
        return switch (verb) {
            case "create" -> Outcome.ok(gateway.createClient(at.target(), p.get("client_iqn")))
                    .thenCd(at.child(p.get("client_iqn")).names());
            case "delete" -> Outcome.ok(gateway.deleteClient(at.target(), p.get("client_iqn")));
            case "auth" -> {
                String action = p.get("action");
                if (action == null || action.isEmpty()) {
                    throw new IllegalArgumentException("Missing auth argument. " + HOSTS_AUTH_USAGE);
                }
                TargetAuthAction acl = switch (action) {
                    case "enable_acl" -> TargetAuthAction.ENABLE_ACL;
                    case "disable_acl" -> TargetAuthAction.DISABLE_ACL;
                    case "nochap" -> throw new UnsupportedOperationException("auth nochap for every host is not "
                            + "available: the gateway service has no operation that clears every client's CHAP; "
                            + "use 'auth nochap' in each host");
                    default -> throw new IllegalArgumentException("Invalid auth argument. " + HOSTS_AUTH_USAGE);
                };
                yield Outcome.ok(gateway.setTargetAuth(at.target(), acl, "", "", "", ""));
            }
            default -> throw new IllegalStateException("no hosts command " + verb);
        };
    }

    private Outcome host(String iqn, String client, String verb, Map<String, String> p) {
        return switch (verb) {
            case "auth" -> {
                ChapArgs chap = ChapArgs.of(p, TargetActions.AUTH_USAGE);
                yield Outcome.ok(gateway.setClientAuth(iqn, client, chap.username(), chap.password(),
                        chap.mutualUsername(), chap.mutualPassword()));
            }
            case "disk" -> {
                String action = p.getOrDefault("action", "add");
                String disk = p.get("disk");
                if (disk == null || disk.isEmpty()) {
                    throw new IllegalArgumentException("You must supply a disk name to add/remove for this client");
                }
                if (action.equals("add")) {
                    yield addDisk(iqn, client, disk, p.get("size"));
                }
                if (action.equals("remove")) {
                    yield Outcome.ok(gateway.removeClientLun(iqn, client, disk));
                }
                throw new IllegalArgumentException("you can only add and remove disks - " + action + " is invalid");
            }
            case "info" -> hostInfo(iqn, client);
            default -> throw new IllegalStateException("no host command " + verb);
        };
    }

    private Outcome hostInfo(String iqn, String client) {
        ClientInfo info = gateway.clientInfo(iqn, client);
        TargetConfig target = gateway.config().targets().get(iqn);
        ClientConfig config = target == null ? null : target.clients().get(client);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("client_iqn", client);
        fields.put("ip_address", info.ipAddresses());
        fields.put("alias", info.alias());
        fields.put("logged_in", info.state().containsKey("LOGGED_IN") ? "LOGGED_IN" : "");
        if (config != null) {
            Map<String, Object> auth = new LinkedHashMap<>();
            auth.put("username", config.auth().username());
            auth.put("password", config.auth().password());
            auth.put("mutual_username", config.auth().mutualUsername());
            auth.put("mutual_password", config.auth().mutualPassword());
            fields.put("auth", auth);
            fields.put("group_name", config.groupName());
            fields.put("luns", config.luns());
        }
        return Outcome.print(AttributeView.format(fields));
    }

    /**
     * upstream's {@code disk add <pool/image> [size]} on a host: a disk not defined yet is created first (an
     * existing image attached when no size is given), a disk not mapped to the target is mapped to it, then the
     * host gets it; a disk other hosts of the target have already is shared with a warning, as upstream's.
     */
    private Outcome addDisk(String iqn, String client, String disk, String size) {
        GatewayConfig config = gateway.config();
        if (!config.disks().containsKey(disk)) {
            String[] id = DiskActions.split(disk);
            gateway.createDisks(new DiskRequest(id[0], id[1], Optional.ofNullable(size).filter(s -> !s.isEmpty()), 1,
                    DiskRequest.DEFAULT_BACKSTORE, Optional.empty(), true, Map.of()));
        }
        TargetConfig target = config.targets().get(iqn);
        if (target != null && !target.disks().containsKey(disk)) {
            gateway.addTargetLun(iqn, disk, Optional.empty());
        }
        String ok = Outcome.ok(gateway.addClientLun(iqn, client, disk)).text();
        long others = target == null ? 0 : target.clients().entrySet().stream()
                .filter(c -> !c.getKey().equals(client) && c.getValue().luns().containsKey(disk)).count();
        return Outcome.print(others == 0 ? ok : "Warning: '" + disk + "' mapped to " + others + " other client(s)\n"
                + ok);
    }

    /** upstream's mapped LUN {@code info}: the disk behind {@code lun <id>} of a client, and its owner. */
    private Outcome lunInfo(String iqn, String client, String lun) {
        GatewayConfig config = gateway.config();
        TargetConfig target = config.targets().get(iqn);
        ClientConfig entry = target == null ? null : target.clients().get(client);
        Map<String, Object> fields = new LinkedHashMap<>();
        if (entry != null) {
            entry.luns().forEach((disk, id) -> {
                if (lun.equals("lun " + id)) {
                    DiskConfig stored = config.disks().get(disk);
                    fields.put("rbd_name", disk);
                    fields.put("owner", stored == null ? "" : stored.owner());
                    fields.put("lun_id", id);
                }
            });
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("No such LUN " + lun + " for " + client);
        }
        return Outcome.print(AttributeView.format(fields));
    }

    private Outcome group(String iqn, String group, String verb, Map<String, String> p) {
        if (verb.equals("info")) {
            Map<String, Object> stored = gateway.group(iqn, group);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", group);
            fields.put("members", stored.getOrDefault("members", List.of()));
            fields.put("disks", new ArrayList<>(stored.get("disks") instanceof Map<?, ?> disks
                    ? disks.keySet() : List.of()));
            return Outcome.print(AttributeView.format(fields));
        }
        String action = p.get("action");
        if (!action.equals("add") && !action.equals("remove")) {
            throw new IllegalArgumentException("Invalid action '" + action + "' - use add or remove");
        }
        boolean add = action.equals("add");
        return verb.equals("host")
                ? Outcome.ok(gateway.updateHostGroup(iqn, group, List.of(p.get("client_iqn")), List.of(), add))
                : Outcome.ok(gateway.updateHostGroup(iqn, group, List.of(), List.of(p.get("disk_name")), add));
    }
}
