package io.orderstream.infra;

import io.orderstream.infra.constructs.PrivateNetwork;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** Lifecycle: years. The VPC, its endpoints and the application's security group. */
public final class NetworkStack extends Stack {
    private final PrivateNetwork network;

    public NetworkStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);
        this.network = new PrivateNetwork(this, "Network", PrivateNetwork.Props.builder()
                .availabilityZones(settings.availabilityZones()).build());
    }

    public PrivateNetwork network() {
        return network;
    }
}
