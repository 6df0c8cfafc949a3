package org.wsss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.s3a.auth.NoAuthWithAWSException;
import org.junit.jupiter.api.Test;
import org.wsss.io.MissingInputException;

/** Causes as Spark, Hadoop and the AWS SDK wrap them, and the one line each becomes. */
class FailuresTest {
    @Test
    void aUserMistakeIsFoundUnderSparksWrapping() {
        Failure f = Failures.explain(new RuntimeException("Job aborted due to stage failure",
                new MissingInputException("run root has no index (run `wsss index` first)")), () -> null);
        assertEquals(new Failure("run root has no index (run `wsss index` first)", Wsss.USER_ERROR, false), f);
    }

    @Test
    void objectStorageFailuresNameTheUriTheEndpointAndTheKeys() {
        Configuration hadoop = new Configuration(false);
        hadoop.set("fs.s3a.bucket.pets.endpoint", "http://127.0.0.1:9000");
        Failure refused = Failures.explain(new IOException("cannot check s3a://pets/x/annotations/list.txt",
                new ConnectException("getFileStatus on s3a://pets/x/annotations/list.txt: Connection refused")),
                () -> hadoop);
        assertEquals(Wsss.FAILURE, refused.exitCode());
        assertTrue(refused.storage());
        assertTrue(refused.message().startsWith("cannot reach s3a://pets/x/annotations/list.txt at endpoint"
                + " http://127.0.0.1:9000: getFileStatus"), refused.message());

        Failure noKeys = Failures.explain(new AccessDeniedException("s3a://pets/x", null, "no credentials")
                .initCause(new NoAuthWithAWSException("No AWS Credentials provided")), () -> hadoop);
        assertEquals(Wsss.USER_ERROR, noKeys.exitCode());
        assertTrue(noKeys.message().contains("for s3a://pets/x") && noKeys.message().contains("fs.s3a.secret.key")
                && noKeys.message().contains("AWS_SECRET_ACCESS_KEY"), noKeys.message());
    }

    @Test
    void faultsSayTheRootCauseOrWhatToRaise() {
        Failure denied = Failures.explain(new IOException("write failed",
                new AccessDeniedException("/runs/one/index")), () -> null);
        assertEquals(Failure.userMistake("permission denied: /runs/one/index"), denied);
        Failure memory = Failures.explain(new RuntimeException(new OutOfMemoryError("Java heap space")), () -> null);
        assertTrue(memory.isFault() && memory.message().contains("WSSS_JAVA_OPTS=-Xmx"), memory.message());
        Failure other = Failures.explain(new IllegalStateException("outer", new ArithmeticException("/ by zero\nmore")),
                () -> null);
        assertEquals(Failure.fault("ArithmeticException: / by zero"), other);
    }
}
