package io.orderstream.infra.constructs;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.constructs.IConstruct;

/** cdk-nag suppressions, always with a reason, always on one resource (or its children). */
public final class Nag {
    private Nag() {}

    public static void suppress(IConstruct construct, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
    }

    public static void suppress(IConstruct construct, String rule, String reason, List<String> appliesTo) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).appliesTo(appliesTo.stream()
                        .map(a -> (Object) a).toList()).build()), true);
    }

    /** Suppresses only findings matching {@code regex} (a JavaScript regex literal, e.g. "/^Resource::.*$/g"). */
    public static void suppressMatching(IConstruct construct, String rule, String reason, String regex) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason)
                        .appliesTo(List.of(RegexAppliesTo.builder().regex(regex).build())).build()), true);
    }
}
