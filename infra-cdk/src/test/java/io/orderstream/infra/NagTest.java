package io.orderstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** cdk-nag AwsSolutions: no unsuppressed finding in any stack; every suppression has a reason. */
class NagTest {

    @Test
    void noUnsuppressedAwsSolutionsFindings() {
        List<String> findings = new java.util.ArrayList<>();
        for (Stack stack : Synth.all()) {
            List<SynthesisMessage> errors = Annotations.fromStack(stack)
                    .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
            List<SynthesisMessage> warnings = Annotations.fromStack(stack)
                    .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
            findings.addAll(describe(errors));
            findings.addAll(describe(warnings));
        }
        assertThat(findings).isEmpty();
    }

    @Test
    void everySuppressionHasAReason() {
        for (Stack stack : Synth.all()) {
            String template = Synth.json(stack).toString();
            // cdk-nag writes suppressions into resource metadata: cdk_nag.rules_to_suppress[].reason
            assertThat(template).doesNotContain("reason=,").doesNotContain("reason=}");
        }
    }

    private static List<String> describe(List<SynthesisMessage> messages) {
        return messages.stream().map(m -> m.getId() + ": " + m.getEntry().getData())
                .collect(Collectors.toList());
    }
}
