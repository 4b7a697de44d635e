package io.cephiscsi.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.rbd.ImageInfo;

/**
 * Every admin operation of the gateway, called alike by the REST API and the gwcli shell.
 * Reads answer from the newest shared configuration this gateway has seen; changes follow.
 * Every read of the configuration throws {@link GatewayException} with status 503 while it cannot be read.
 */
public interface GatewayAdmin {

    /**
     * What gwcli's root {@code info} shows, plus the backend and, on Ceph, the cluster health.
     *
     * @throws io.cephiscsi.model.SettingsException when the settings are invalid (the message names the key)
     */
    ApplianceInfo info();

    /** This gateway's name: the {@code gateway_name} setting, else the host's FQDN. */
    String hostname();

    /** Every local IPv4/IPv6 address except 127.0.0.1, ::1 and scoped (link-local) ones, as upstream lists them. */
    List<String> ipAddresses();

    /**
     * gwcli's tree ({@code /}, {@code cluster}, {@code disks}, {@code iscsi-targets} and below) with upstream's
     * summaries, built in one pass from the configuration, one bulk image lookup and the cluster facts.
     * Throws as every read of the configuration does.
     */
    TreeNode tree();

    /** The whole shared configuration, as stored. */
    GatewayConfig config();

    /**
     * The whole shared configuration as JSON, laid out as stored ({@code GET /api/config}, gwcli's export). With
     * {@code decryptPasswords}, every CHAP password stored encrypted is given in plain (its
     * {@code *_encryption_enabled} flag as stored) and one that cannot be decrypted as {@code null}, as upstream's
     * {@code decrypt_passwords=true} answers; otherwise passwords are as stored.
     */
    byte[] config(boolean decryptPasswords);

    /** The IQNs of every target, sorted. */
    List<String> targets();

    /**
     * {@code targets[iqn].portals} as stored: gateway name to its portal data.
     *
     * @throws io.cephiscsi.model.ConfigException (400) when {@code targetIqn} is not a valid IQN
     * @throws GatewayException (404) when the target does not exist
     */
    Map<String, Object> portals(String targetIqn);

    /** The client IQNs of a target, sorted. Throws as {@link #portals}. */
    List<String> clients(String targetIqn);

    /** The host group names of a target, sorted. Throws as {@link #portals}. */
    List<String> groups(String targetIqn);

    /**
     * {@code targets[iqn].groups[name]} as stored: {@code members} and {@code disks}.
     *
     * @throws GatewayException (404) when the target or the group does not exist; as {@link #portals} otherwise
     */
    Map<String, Object> group(String targetIqn, String groupName);

    /** The ids ({@code pool/image}) of every disk, sorted. */
    List<String> diskIds();

    /** Every disk's entry as stored, by id. */
    Map<String, Object> disks();

    /**
     * One disk's entry as stored, plus its {@code status} as upstream's: {@code state}, {@code lock_owner} and each
     * gateway's tcmu-runner counters from the service map's last poll, or only {@code {"state": "Unknown"}} when no
     * tcmu-runner reports on the disk. Nothing is asked of the cluster for it.
     *
     * @throws GatewayException (404) when the disk is not in the configuration
     */
    Map<String, Object> disk(String pool, String image);

    /**
     * What the cluster knows of a disk's image (size, features, snapshots, exclusive-lock owner), as gwcli's disk
     * {@code info} shows it; empty when the image does not exist or no image service is available.
     *
     * @throws GatewayException (404) when the disk is not in the configuration
     */
    Optional<ImageInfo> diskImage(String pool, String image);

    /** The control defaults, limits and backstore facts upstream's {@code GET /api/settings} reports. */
    SettingsView settings();

    /** Upstream's settings checksum, equal on gateways whose settings must agree (a mixed pair included). */
    String settingsHash();

    /** Upstream's {@code checkversions}: why this OS is not supported; empty when the checks pass. */
    List<String> versionProblems();

    // ----- changes. Each validates everything first (an error names the bad field and changes nothing), commits
    // ----- one new epoch, and waits a short while for the target's gateways to reconcile to it. Errors are
    // ----- ConfigException (400/404/409, from the model's rules), io.cephiscsi.rbd.RbdException, or
    // ----- GatewayException (400/404/409 for the rules held here, 503 when the configuration cannot be written).

    /** Defines a target with optional control overrides ({@code PUT /api/target/<iqn>}). */
    ChangeResult createTarget(String targetIqn, Map<String, ?> controls);

    /** Changes a target's controls; {@code ""} resets a control to the gateway setting. */
    ChangeResult reconfigureTarget(String targetIqn, Map<String, ?> controls);

    /** Deletes a target with no clients and no LUNs left (400 naming how many of each otherwise). */
    ChangeResult deleteTarget(String targetIqn);

    /**
     * Adds a gateway (portal) to a target. Unless {@code skipChecks}: the new gateway's API is reached at its first
     * IP, must call itself {@code gatewayName}, own every IP given, have the same settings hash and a supported OS.
     */
    ChangeResult addGateway(String targetIqn, String gatewayName, List<String> ipAddresses, boolean skipChecks);

    /**
     * Removes a gateway from a target; its LUNs move to the remaining gateways. {@code force} removes a gateway
     * that is down (upstream needs it for that; here any gateway can be removed while down).
     */
    ChangeResult removeGateway(String targetIqn, String gatewayName, boolean force);

    /*
     * A ceph-iscsi gateway's fan-out calls that upstream has the called gateway answer by changing the configuration
     * itself. Each is committed by this gateway even while ceph-iscsi gateways run (the change is theirs) and replied
     * once this gateway's LIO has it; a gateway that has nothing left to do commits nothing.
     */

    /**
     * Adding this gateway to a target ({@code _gateway} PUT naming it, called first): it defines its portal with
     * its IPs among {@code gatewayIpList} (the target's IPs followed by the new ones), as {@link #addGateway} does.
     *
     * @throws io.cephiscsi.model.ConfigException 400 when the list is not the target's IPs plus some of this host's
     */
    ChangeResult joinTarget(String targetIqn, List<String> gatewayIpList) throws InterruptedException;

    /**
     * Removing this gateway from a target ({@code _gateway} DELETE naming it, called first), as
     * {@link #removeGateway} with {@code force}: its LUNs move to the others; the last gateway empties the target.
     */
    ChangeResult leaveTarget(String targetIqn) throws InterruptedException;

    /**
     * This gateway's part of a target delete ({@code _target} DELETE, called on each gateway in portal order): its
     * portal and IPs go, the target with its last portal, and this gateway's entry when it serves no other target.
     *
     * @throws io.cephiscsi.model.ConfigException 400 while the target has clients or disks (upstream's words)
     */
    ChangeResult clearTarget(String targetIqn) throws InterruptedException;

    /** Maps a defined disk to a target; owner = the target's gateway with the fewest active LUNs. */
    ChangeResult addTargetLun(String targetIqn, String diskId, Optional<Integer> lunId);

    /** Unmaps a disk from a target; refused while a client or host group of the target has it. */
    ChangeResult removeTargetLun(String targetIqn, String diskId);

    /** Creates (or attaches) {@code request.count()} images and defines them as disks, in one commit. */
    ChangeResult createDisks(DiskRequest request);

    /** Grows a disk's image; every gateway's LIO follows. */
    ChangeResult resizeDisk(String pool, String image, String size);

    /** Changes a disk's control overrides; {@code ""} resets a control. */
    ChangeResult reconfigureDisk(String pool, String image, Map<String, ?> controls);

    /**
     * Removes a disk that no target and no client uses; then deletes its image unless {@code preserveImage}.
     */
    ChangeResult deleteDisk(String pool, String image, boolean preserveImage);

    ChangeResult createSnapshot(String pool, String image, String snapshot);

    /** Rolls the image back; refused while an initiator is logged in to a LUN of the disk. */
    ChangeResult rollbackSnapshot(String pool, String image, String snapshot);

    ChangeResult deleteSnapshot(String pool, String image, String snapshot);

    /** Sets discovery CHAP for every gateway; all four fields empty turns it off. */
    ChangeResult setDiscoveryAuth(String username, String password, String mutualUsername, String mutualPassword);

    /** Upstream's {@code PUT /api/targetauth}: ACL on/off and target CHAP. */
    ChangeResult setTargetAuth(String targetIqn, TargetAuthAction action, String username, String password,
                               String mutualUsername, String mutualPassword);

    ChangeResult createClient(String targetIqn, String clientIqn);

    /** Deletes a client that is in no group and not logged in. */
    ChangeResult deleteClient(String targetIqn, String clientIqn);

    /** Sets the client's CHAP; all four fields empty removes it. */
    ChangeResult setClientAuth(String targetIqn, String clientIqn, String username, String password,
                               String mutualUsername, String mutualPassword);

    /** Gives a client one more LUN (the disk must be mapped to the target). */
    ChangeResult addClientLun(String targetIqn, String clientIqn, String diskId);

    /** Takes a LUN away from a client (400 "disk not mapped to client" when it does not have it). */
    ChangeResult removeClientLun(String targetIqn, String clientIqn, String diskId);

    /**
     * Creates or updates a host group: {@code add} adds the members and disks given, else removes them. The reason a
     * request is refused is named (upstream answers only "Group request failed validation").
     */
    ChangeResult updateHostGroup(String targetIqn, String groupName, List<String> members, List<String> diskIds,
                                 boolean add);

    /** Deletes a host group; its members keep their LUNs, as upstream. */
    ChangeResult deleteHostGroup(String targetIqn, String groupName);

    /**
     * Upstream's {@code clearconfig}: removes every target and gateway definition (each gateway's LIO follows).
     * Refused while any target has clients or any disk is defined, as upstream.
     */
    ChangeResult clearConfig();

    /**
     * Checks a whole configuration (as {@code export} or {@code GET /api/config} gives it) and says what importing it
     * would change, without changing anything. Every item is checked: IQNs, references between disks, LUNs,
     * clients, groups and gateways, CHAP, and that every disk's image exists.
     *
     * @throws io.cephiscsi.model.ConfigException 400 naming the first bad item
     */
    ConfigDiff previewImport(byte[] json);

    /**
     * Replaces the configuration by {@code json} in one commit, after the checks of {@link #previewImport}, only if the
     * current epoch is still {@code expectedEpoch} (409 otherwise: someone changed it since the preview).
     */
    ChangeResult importConfig(byte[] json, long expectedEpoch);

    // ----- live facts

    /** iSCSI sessions on a target, summed over its gateways that answer. 404 for an unknown target. */
    int targetSessions(String targetIqn);

    /** iSCSI sessions on this gateway over all targets. 404 when this host is not a gateway. */
    int gatewaySessions();

    /** A client's session state as every gateway of the target sees it. 404 for an unknown target or client. */
    ClientInfo clientInfo(String targetIqn, String clientIqn);

    /** This gateway alone: sessions on a target (for peers). */
    int localTargetSessions(String targetIqn);

    /**
     * A session through this gateway of an initiator that sees the disk {@code pool/image}, described ("client X is
     * logged in to target T", "N session(s) on T"): what upstream's disk deactivate and snapshot rollback refuse
     * on. Empty when there is none, or no LIO here.
     */
    Optional<String> localSessionOnDisk(String pool, String image);

    /** This gateway alone: a client's session (state is {@code {"LOGGED_IN": [this gateway]}} etc.), for peers. */
    ClientInfo localClientInfo(String targetIqn, String clientIqn);

    /** This gateway's name and the epoch its LIO is at, for peers waiting on a change. */
    GatewayStatus status();

    /**
     * {@link #status()} once this gateway's LIO is at {@code epoch} or later, or when {@code maxWait} (at most 5 s)
     * has passed, whichever is first: a peer waiting on a change asks once instead of polling.
     */
    GatewayStatus awaitStatus(long epoch, java.time.Duration maxWait) throws InterruptedException;

    /**
     * For upstream gateways' internal fan-out calls ({@code /api/_targetlun}, {@code _client}, ...) during a
     * migration: reads the shared configuration again now (upstream's gateways commit without a notice, and this
     * does not wait for the 1 s poll), reads the sizes of the images the targets map again (upstream grows an image
     * without a commit), and waits until this gateway's LIO is at that configuration, or {@code maxWait} (at most
     * 5 s) passed. The status's problems say why LIO is not there (the configuration unreadable, LIO refusing a
     * write, the wait over); none when it is.
     */
    GatewayStatus syncToShared(java.time.Duration maxWait) throws InterruptedException;

    /**
     * This gateway's Prometheus metrics ({@code rbd-target-gw}'s families), read from its LIO statistics now; the
     * configuration only fills in a LUN owner LIO does not show. No targets gives families without samples.
     *
     * @throws GatewayException (503) when this gateway's LIO cannot be read
     */
    GatewayMetrics metrics();
}
