package dev.attune.deploy.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void shouldPrintOneLinePerTenthWithoutATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "ratings", 200, false);

        for (int i = 0; i < 200; i++) {
            bar.step();
        }
        bar.finish("done");

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        // 0%, 10%, ... 100%, then the final line with its note.
        assertThat(lines).hasSize(12);
        assertThat(lines[0]).contains("0%").contains("1/200");
        assertThat(lines[1]).contains("[###.").contains("10%").contains("20/200");
        assertThat(lines[11]).contains("100%").contains("200/200").endsWith("done");
    }

    @Test
    void shouldRedrawInPlaceOnATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "items", 3, true);

        bar.set(3);
        bar.finish("");

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("\ritems").contains("100%").endsWith(System.lineSeparator());
        assertThat(out.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }
}
