package org.wsss.cli;

import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.s3a.auth.NoAuthWithAWSException;
import org.wsss.config.ConfigError;
import org.wsss.io.BadInputException;
import org.wsss.io.MissingInputException;

/**
 * Explains whatever stopped a command as one {@link Failure}. Spark, Hadoop and the AWS SDK wrap the real cause in
 * layers, so each rule looks down the whole cause chain for the exception it knows.
 */
final class Failures {
    private static final Pattern STORAGE_URI = Pattern.compile("\\b[a-z][a-z0-9+.-]*://[^\\s:,;\"')]+");
    private static final String S3A_KEYS = "fs.s3a.access.key and fs.s3a.secret.key (as \"spark.hadoop.fs.s3a.*\""
            + " in wsss.spark.conf, or spark-submit --conf), or the environment variables AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY, or pick a provider with fs.s3a.aws.credentials.provider";

    private Failures() {}

    /** {@code hadoop} gives the command's Hadoop configuration, for naming an endpoint; null when none was built. */
    static Failure explain(Throwable thrown, Supplier<Configuration> hadoop) {
        Optional<Throwable> mistake = find(thrown, Failures::isUserMistake);
        if (mistake.isPresent()) return Failure.userMistake(mistake.get().getMessage());
        Optional<Throwable> credentials = find(thrown, Failures::isMissingCredentials);
        if (credentials.isPresent()) {
            String where = storageUri(thrown).map(u -> " for " + u).orElse("");
            return new Failure("no credentials to reach object storage" + where + ": set " + S3A_KEYS,
                    Wsss.USER_ERROR, true);
        }
        Optional<Throwable> unreachable = find(thrown, Failures::isUnreachable);
        if (unreachable.isPresent()) {
            Optional<String> uri = storageUri(thrown);
            String endpoint = uri.flatMap(u -> endpointOf(u, hadoop)).map(e -> " at endpoint " + e).orElse("");
            String what = uri.map(u -> "cannot reach " + u).orElse("cannot reach a server");
            return new Failure(what + endpoint + ": " + innermostMessage(unreachable.get())
                    + " (check fs.s3a.endpoint; for a flaky store raise fs.s3a.retry.limit and"
                    + " fs.s3a.attempts.maximum)", Wsss.FAILURE, true);
        }
        Optional<Throwable> denied = find(thrown, t -> t instanceof AccessDeniedException
                || t.getClass().getName().equals("org.apache.hadoop.security.AccessControlException"));
        if (denied.isPresent()) return Failure.userMistake("permission denied: " + firstLine(denied.get()));
        Optional<Throwable> memory = find(thrown, t -> t instanceof OutOfMemoryError);
        if (memory.isPresent()) {
            return Failure.fault("out of memory (" + memory.get().getMessage() + "): give the JVM more with"
                    + " WSSS_JAVA_OPTS=-Xmx16g, or Spark executors more with spark.executor.memory");
        }
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return Failure.fault(root.getClass().getSimpleName() + ": " + firstLine(root));
    }

    private static boolean isUserMistake(Throwable t) {
        return t instanceof UserError || t instanceof ConfigError || t instanceof MissingInputException
                || t instanceof BadInputException || t instanceof FileNotFoundException;
    }

    private static boolean isMissingCredentials(Throwable t) {
        return t instanceof NoAuthWithAWSException
                || String.valueOf(t.getMessage()).contains("Unable to load credentials");
    }

    private static boolean isUnreachable(Throwable t) {
        return t instanceof ConnectException || t instanceof NoRouteToHostException
                || t instanceof UnknownHostException || t instanceof SocketTimeoutException
                || t.getClass().getSimpleName().equals("ConnectTimeoutException");
    }

    private static Optional<Throwable> find(Throwable thrown, Predicate<Throwable> rule) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (rule.test(t)) return Optional.of(t);
        }
        return Optional.empty();
    }

    /** The first file system URI any message in the chain names, such as the file S3A was asked for. */
    private static Optional<String> storageUri(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = STORAGE_URI.matcher(String.valueOf(t.getMessage()));
            while (m.find()) {
                if (!m.group().startsWith("http")) return Optional.of(m.group());
            }
        }
        return Optional.empty();
    }

    /** The S3A endpoint serving the URI's bucket: its per-bucket setting, the global one, or AWS's own. */
    private static Optional<String> endpointOf(String uri, Supplier<Configuration> settings) {
        URI parsed = URI.create(uri.replace(" ", "%20"));
        Configuration hadoop = settings.get();
        if (!"s3a".equals(parsed.getScheme()) || hadoop == null) return Optional.empty();
        String bucketKey = "fs.s3a.bucket." + parsed.getHost() + ".endpoint";
        String endpoint = hadoop.getTrimmed(bucketKey, hadoop.getTrimmed("fs.s3a.endpoint", ""));
        return Optional.of(endpoint.isEmpty() ? "AWS's default (fs.s3a.endpoint is not set)" : endpoint);
    }

    private static String innermostMessage(Throwable t) {
        Throwable inner = t;
        while (inner.getCause() != null && inner.getCause() != inner) inner = inner.getCause();
        return firstLine(inner);
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
