package dev.foldhub.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.queue.DeviceKind;
import dev.foldhub.queue.DeviceSlot;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** Agent mode: its options, its device list, and a context with no web server and no database. */
class WorkerAgentApplicationTest {

    @TempDir
    Path temp;

    @Test
    void theAgentsContextHasItsSettingsAndNoDataSource() {
        try (ConfigurableApplicationContext context = WorkerAgentApplication.run("--server", "http://localhost:9",
                "--token", "secret", "--devices", "cpu:2", "--name", "agent-test", "--work-dir=" + temp)) {
            AgentProperties properties = context.getBean(AgentProperties.class);
            assertThat(properties.server()).isEqualTo("http://localhost:9");
            assertThat(properties.token()).isEqualTo("secret");
            assertThat(properties.devices()).isEqualTo("cpu:2");
            assertThat(properties.workDir()).isEqualTo(temp);
            assertThat(context.getBeansOfType(DataSource.class)).isEmpty();
            assertThat(context.getBean(WorkerAgent.class).isRunning()).isTrue();
        }
    }

    @Test
    void shortOptionsBecomeAgentProperties() {
        assertThat(WorkerAgentApplication.toPropertyArgs("--server", "http://h:8080", "--devices=0,1", "--x=y"))
                .containsExactly("--foldhub.agent.server=http://h:8080", "--foldhub.agent.devices=0,1", "--x=y");
        assertThatThrownBy(() -> WorkerAgentApplication.toPropertyArgs("--token")).hasMessageContaining("--token");
    }

    @Test
    void devicesAreCpuSlotsOrGpusWithTheirMemory() {
        assertThat(AgentDevices.parse("cpu:2")).containsExactly(DeviceSlot.cpu(0), DeviceSlot.cpu(1));
        assertThat(AgentDevices.parse("0:24000,1:81000")).containsExactly(new DeviceSlot(DeviceKind.GPU, 0, 24_000),
                new DeviceSlot(DeviceKind.GPU, 1, 81_000));
        assertThatThrownBy(() -> AgentDevices.parse("tpu")).hasMessageContaining("'tpu'");
        assertThatThrownBy(() -> AgentDevices.parse("cpu:0")).hasMessageContaining("cpu:N");
    }

    @Test
    void theDataRootMapRewritesOnlyTheGivenPrefix() {
        var map = WorkerAgent.dataRootMap("/srv/data=/mnt/data");
        assertThat(map.apply("/srv/data/imet/train")).isEqualTo("/mnt/data/imet/train");
        assertThat(map.apply("/other/imet")).isEqualTo("/other/imet");
    }
}
