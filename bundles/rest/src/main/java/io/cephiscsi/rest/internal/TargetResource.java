package io.cephiscsi.rest.internal;

import javax.ws.rs.DELETE;
import javax.ws.rs.FormParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.cephiscsi.gateway.GatewayAdmin;

/** {@code PUT|DELETE /api/target/<target_iqn>}: define, reconfigure or delete a target. */
@Path("/target")
@TrustedSource
@BasicAuth
public class TargetResource {

    private final GatewayAdmin gateway;

    public TargetResource(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @PUT
    @Path("/{target_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc({"Handle the definition of the iscsi target name",
            ":param target_iqn: (str) IQN of the target each gateway will use",
            ":param mode: (str) 'reconfigure'; absent to define the target",
            ":param controls: (JSON dict) valid control overrides"})
    public ChangeReply put(@PathParam("target_iqn") String targetIqn, @FormParam("mode") String mode,
                           @FormParam("controls") String controls) {
        boolean reconfigure = RequestParams.reconfigureTarget(targetIqn, mode);
        var parsed = RequestParams.controls(controls);
        return ChangeReply.of(reconfigure ? gateway.reconfigureTarget(targetIqn, parsed)
                : gateway.createTarget(targetIqn, parsed));
    }

    @DELETE
    @Path("/{target_iqn}")
    @Produces(MediaType.APPLICATION_JSON)
    public ChangeReply delete(@PathParam("target_iqn") String targetIqn) {
        return ChangeReply.of(gateway.deleteTarget(targetIqn));
    }
}
