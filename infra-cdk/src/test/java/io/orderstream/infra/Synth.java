package io.orderstream.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** The app synthesized once per JVM, in process, with test context. */
final class Synth {
    static final Map<String, Object> CONTEXT = Map.of(
            "region", "eu-west-1",
            "account", "111122223333",
            "pageEmails", "oncall@example.com",
            "pageHttpsEndpoints", "https://paging.example.com/hook",
            "ticketEmails", "tickets@example.com");

    private static OrderstreamApp.Stacks stacks;

    private Synth() {}

    static synchronized OrderstreamApp.Stacks stacks() {
        if (stacks == null) {
            App app = new App(AppProps.builder().context(CONTEXT).build());
            stacks = OrderstreamApp.build(app);
            app.synth();
        }
        return stacks;
    }

    private static final Map<String, Map<String, Object>> JSON = new java.util.concurrent.ConcurrentHashMap<>();

    /** The stack's template as plain maps and lists (computed once per stack). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> json(Stack stack) {
        return JSON.computeIfAbsent(stack.getStackName(),
                n -> new ObjectMapper().convertValue(Template.fromStack(stack).toJSON(), Map.class));
    }

    static java.util.List<Stack> all() {
        OrderstreamApp.Stacks s = stacks();
        return java.util.List.of(s.network(), s.data(), s.kafka(), s.application(), s.monitoring());
    }
}
