package dev.attune.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.worker.config.WorkerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmbeddingWorkerMainTest {

    @Test
    void shouldPrintEverySettingWithItsDefaultOnHelpWithoutLoadingAModel() throws Exception {
        // Given
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));

        // When
        try {
            EmbeddingWorkerMain.main(new String[] {"--help"});
        } finally {
            System.setOut(original);
        }

        // Then
        String help = printed.toString(StandardCharsets.UTF_8);
        assertThat(WorkerConfig.DEFINITION.names()).isNotEmpty().allSatisfy(key -> assertThat(help).contains("``" + key + "``"));
        assertThat(help).contains("batch.max.size").contains("Default:");
    }
}
