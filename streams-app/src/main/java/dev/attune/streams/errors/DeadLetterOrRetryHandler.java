package dev.attune.streams.errors;

import dev.attune.serde.WireFormatException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The processing-exception handler of the streams app. A record that makes a processor throw is
 * not the whole partition's problem: like Kafka's log-and-continue handler it is sent to the
 * dead-letter topic (KIP-1034 headers {@code __streams.errors.*}, original bytes) and processing
 * goes on. An unreachable schema registry is different: it is nobody's bad input, so the thread
 * fails instead, the uncaught-exception handler replaces it, and the record is retried from the
 * last commit rather than dead-lettered.
 */
public class DeadLetterOrRetryHandler extends LogAndContinueProcessingExceptionHandler {

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof WireFormatException w && w.reason() == WireFormatException.Reason.REGISTRY_UNAVAILABLE) {
                return Response.fail();
            }
        }
        return super.handleError(context, record, exception);
    }
}
