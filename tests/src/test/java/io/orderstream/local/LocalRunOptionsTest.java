package io.orderstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The command line of {@code ./orderstream run}: knobs, scenarios, defaults; no services started. */
class LocalRunOptionsTest {

    @Test
    void defaultsAreAHealthyRunWithShortAlarmPeriodsAndMatchingWindows() {
        LocalRun.Settings s = LocalRun.Settings.parse(new String[0]);
        assertThat(s.scenario()).isEqualTo(Scenario.HEALTHY);
        assertThat(s.duration()).isNull();
        assertThat(s.alarms()).isTrue();
        assertThat(s.alarmPeriod()).isEqualTo(10);
        assertThat(s.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.mix().rate()).isEqualTo(50);
        assertThat(s.mix().late()).as("no late_arrival by default: window-completeness-low stays quiet").isZero();
        assertThat(s.uiPort()).isEqualTo(8081);
    }

    @Test
    void knobsTakeFractionsOrPercents() {
        LocalRun.Settings s = LocalRun.Settings.parse(new String[] {"--malformed", "30%", "--invalid", "0.05",
                "--duplicate", "0", "--late", "10%", "--hot-key", "0.9", "--hot-customers", "1", "--customers", "0",
                "--rate", "200", "--duration", "2m", "--alarm-period", "0", "--no-alarms"});
        assertThat(s.mix().malformed()).isEqualTo(0.3);
        assertThat(s.mix().invalid()).isEqualTo(0.05);
        assertThat(s.mix().late()).isEqualTo(0.1);
        assertThat(s.mix().hotShare()).isEqualTo(0.9);
        assertThat(s.mix().customers()).isZero();
        assertThat(s.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.alarms()).isFalse();
        assertThat(s.window()).as("production alarm periods: 1-minute windows").isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void everyScenarioIsListedByHelpAndParses() {
        String help = LocalRun.USAGE + Scenario.help();
        for (Scenario sc : Scenario.values()) {
            assertThat(help).contains(sc.id);
            assertThat(LocalRun.Settings.parse(new String[] {"--scenario", sc.id}).scenario()).isEqualTo(sc);
        }
        assertThat(Scenario.values()).extracting(sc -> sc.id)
                .contains("dlq-spike", "late-data", "hot-partition", "enrichment-slow", "firehose-failing");
        assertThat(LocalRun.Settings.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void scenarioFaultsChangeTheMixOnTopOfTheKnobs() {
        OrderGenerator.Mix base = LocalRun.Settings.parse(new String[0]).mix();
        assertThat(Scenario.DLQ_SPIKE.faultMix.apply(base).malformed()).isEqualTo(0.5);
        assertThat(Scenario.LATE_DATA.faultMix.apply(base).late()).isEqualTo(0.1);
        OrderGenerator.Mix hot = Scenario.HOT_PARTITION.faultMix.apply(base);
        assertThat(hot.hotShare()).isEqualTo(0.9);
        assertThat(hot.hotCustomers()).isEqualTo(1);
        assertThat(hot.rate()).isEqualTo(4 * base.rate());
        assertThat(Scenario.ENRICHMENT_SLOW.faultMix.apply(base).customers()).as("no cache hits").isZero();
    }

    @Test
    void badCommandLinesAreRefused() {
        assertThatThrownBy(() -> LocalRun.Settings.parse(new String[] {"--scenario", "nope"})).hasMessageContaining("nope");
        assertThatThrownBy(() -> LocalRun.Settings.parse(new String[] {"--bogus", "1"})).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> LocalRun.Settings.parse(new String[] {"--malformed", "0.8", "--late", "0.5"}))
                .hasMessageContaining("exceed");
        assertThatThrownBy(() -> LocalRun.Settings.parse(new String[] {"--alarm-period", "20"}))
                .hasMessageContaining("--alarm-period");
        assertThatThrownBy(() -> LocalRun.Settings.parse(new String[] {"--duration"})).hasMessageContaining("needs a value");
    }
}
