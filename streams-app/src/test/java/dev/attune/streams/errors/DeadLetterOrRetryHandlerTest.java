package dev.attune.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.serde.WireFormatException;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.junit.jupiter.api.Test;

class DeadLetterOrRetryHandlerTest {

    @Test
    void shouldFailTheThreadSoTheRecordIsRetriedWhenTheRegistryIsUnreachable() {
        Exception outage = new IllegalStateException("wrapped",
                new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE, "connection refused"));

        ProcessingExceptionHandler.Response response = new DeadLetterOrRetryHandler().handleError(null, null, outage);

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    }
}
