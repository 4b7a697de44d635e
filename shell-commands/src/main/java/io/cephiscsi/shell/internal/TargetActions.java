package io.cephiscsi.shell.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.TargetAuthAction;
import io.cephiscsi.model.ChapCredentials;
import io.cephiscsi.model.TargetConfig;

/** The commands of {@code /iscsi-targets}, a target, its {@code gateways} and a gateway. */
final class TargetActions {

    static final String DISCOVERY_USAGE = "To set or reset discovery authentication, specify either "
            + "username=<user> password=<password> [mutual_username]=<user> [mutual_password]=<password> or nochap";
    static final String AUTH_USAGE = "To set authentication, specify username=<user> password=<password> "
            + "[mutual_username]=<user> [mutual_password]=<password> or nochap";

    private final GatewayAdmin gateway;

    TargetActions(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    Outcome run(Location at, String verb, Map<String, String> p) {
        return switch (at.kind()) {
            case TARGETS -> targets(verb, p);
            case TARGET -> target(at.target(), verb, p);
            case GATEWAYS -> gateways(at.target(), verb, p);
            case GATEWAY -> verb.equals("info") ? gatewayInfo(at.target(), at.last()) : Outcome.print("ok");
            default -> throw new IllegalStateException(at.kind() + " has no target commands");
        };
    }

    private Outcome targets(String verb, Map<String, String> p) {
        return switch (verb) {
            case "create" -> Outcome.ok(gateway.createTarget(p.get("target_iqn"), Map.of()));
            case "delete" -> Outcome.ok(gateway.deleteTarget(p.get("target_iqn")));
            case "discovery_auth" -> {
                ChapArgs chap = ChapArgs.of(p, DISCOVERY_USAGE);
                yield Outcome.ok(gateway.setDiscoveryAuth(chap.username(), chap.password(), chap.mutualUsername(),
                        chap.mutualPassword()));
            }
            case "clearconfig" -> {
                if (!"true".equals(p.get("confirm"))) {
                    throw new IllegalArgumentException("To clear the configuration you must specify confirm=true");
                }
                yield Outcome.ok(gateway.clearConfig());
            }
            default -> throw new IllegalStateException("no targets command " + verb);
        };
    }

    private Outcome target(String iqn, String verb, Map<String, String> p) {
        return switch (verb) {
            case "reconfigure" -> Outcome.ok(gateway.reconfigureTarget(iqn, Map.of(p.get("attribute"),
                    p.get("value"))));
            case "auth" -> {
                ChapArgs chap = ChapArgs.of(p, AUTH_USAGE);
                yield Outcome.ok(gateway.setTargetAuth(iqn, TargetAuthAction.NONE, chap.username(), chap.password(),
                        chap.mutualUsername(), chap.mutualPassword()));
            }
            case "info" -> targetInfo(iqn);
            default -> throw new IllegalStateException("no target command " + verb);
        };
    }

    private Outcome targetInfo(String iqn) {
        TargetConfig target = gateway.config().targets().get(iqn);
        if (target == null) {
            throw new IllegalArgumentException("Target " + iqn + " does not exist");
        }
        ChapCredentials auth = target.auth();
        Map<String, Object> chap = new LinkedHashMap<>();
        chap.put("username", auth.username());
        chap.put("password", auth.password());
        chap.put("mutual_username", auth.mutualUsername());
        chap.put("mutual_password", auth.mutualPassword());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("target_iqn", iqn);
        fields.put("auth", chap);
        fields.put("control_values", target.controls());
        return Outcome.print(AttributeView.format(fields));
    }

    private Outcome gateways(String iqn, String verb, Map<String, String> p) {
        return switch (verb) {
            case "create" -> {
                String skip = p.getOrDefault("skipchecks", "false");
                if (!skip.equals("true") && !skip.equals("false")) {
                    throw new IllegalArgumentException("skipchecks must be either true or false");
                }
                List<String> ips = Arrays.stream(p.get("ip_addresses").split(",")).map(String::trim)
                        .filter(ip -> !ip.isEmpty()).toList();
                yield Outcome.ok(gateway.addGateway(iqn, p.get("gateway_name"), ips, skip.equals("true")));
            }
            case "delete" -> {
                String confirm = p.get("confirm");
                if (confirm != null && !confirm.equals("true")) {
                    throw new IllegalArgumentException("confirm must be true, not '" + confirm + "'");
                }
                yield Outcome.ok(gateway.removeGateway(iqn, p.get("gateway_name"), confirm != null));
            }
            case "info" -> {
                StringBuilder text = new StringBuilder();
                gateway.portals(iqn).forEach((name, portal) -> text.append(name).append(" .. ").append(ips(portal))
                        .append('\n'));
                yield Outcome.print(text.toString().stripTrailing());
            }
            case "refresh" -> Outcome.print("ok");
            default -> throw new IllegalStateException("no gateways command " + verb);
        };
    }

    private static Object ips(Object portal) {
        Object ips = portal instanceof Map<?, ?> map ? map.get("portal_ip_addresses") : portal;
        return ips instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList()) : ips;
    }

    private Outcome gatewayInfo(String iqn, String name) {
        Object portal = gateway.portals(iqn).get(name);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        if (portal instanceof Map<?, ?> map) {
            for (String key : List.of("gateway_ip_list", "portal_ip_addresses", "inactive_portal_ips", "tpgs")) {
                fields.put(key, map.get(key));
            }
        }
        return Outcome.print(AttributeView.format(fields));
    }
}
