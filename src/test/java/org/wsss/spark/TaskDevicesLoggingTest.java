package org.wsss.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.wsss.testing.TestSpark;

/** A device choice is logged at INFO once per JVM (executor), every task's at DEBUG. */
class TaskDevicesLoggingTest {
    private static final String LOGGER = TaskDevices.class.getName();
    private static final int TASKS = 6;

    /** Keeps what the logger writes. */
    private static final class Lines extends AbstractAppender {
        final List<String> lines = new CopyOnWriteArrayList<>();

        Lines() {
            super("task-devices-lines", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        }
    }

    @Test
    void sixTasksLogTheirCpuChoiceAtInfoAtMostOnce() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        Lines captured = new Lines();
        captured.start();
        LoggerConfig logger = new LoggerConfig(LOGGER, Level.DEBUG, false);
        logger.addAppender(captured, Level.DEBUG, null);
        configuration.addLogger(LOGGER, logger);
        context.updateLoggers();
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
            jsc.parallelize(List.of(1, 2, 3, 4, 5, 6), TASKS)
                    .map(i -> TaskDevices.forCurrentTask("gpu").device().toString()).collect();
        } finally {
            configuration.removeLogger(LOGGER);
            context.updateLoggers();
            captured.stop();
        }
        long info = captured.lines.stream().filter(l -> l.startsWith("INFO ")).count();
        long debug = captured.lines.stream().filter(l -> l.startsWith("DEBUG ")).count();
        // Earlier tests in this JVM may have announced the CPU already; then no task does.
        assertTrue(info <= 1, "INFO lines: " + captured.lines);
        assertEquals(TASKS, info + debug, "one line per task: " + captured.lines);
        assertTrue(captured.lines.stream().allMatch(l -> l.endsWith("no gpu address -> cpu()")), captured.lines.toString());
    }
}
