package io.dingrelay.infra;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the broker's and the database wrapper's logging down to WARN, whatever SLF4J provider the classpath has.
 *
 * <p>Kafka logs through SLF4J. In a Quarkus test the provider is {@code slf4j-jboss-logmanager} (brought by
 * quarkus-core) and the JUL log manager is {@code org.jboss.logmanager.LogManager} (the surefire setting); in a
 * plain run the classpath may have no provider at all (SLF4J then prints one "No SLF4J providers" warning and
 * drops everything, errors included), or JUL, Logback, Log4j 2 or slf4j-simple. Every one of those present is
 * set; a provider that is absent is skipped. {@code -Ddingrelay.infra.quiet-logs=false} leaves logging alone
 * (the older name {@code dingrelay.testkit.quiet-logs} is still honoured).
 */
final class QuietLogs {

    static final String DISABLE_PROPERTY = "dingrelay.infra.quiet-logs";
    /** The name from when these classes lived in testkit. */
    static final String OLD_DISABLE_PROPERTY = "dingrelay.testkit.quiet-logs";

    /** Loggers of the broker (Scala classes live in {@code kafka.*}), the clients and zonky's wrapper. */
    static final List<String> CATEGORIES = List.of("kafka", "org.apache.kafka", "state.change.logger", "io.zonky.test");

    /** JUL keeps loggers weakly: a level set on a logger nobody references is lost at the next GC. */
    private static final List<Object> STRONG_REFERENCES = new ArrayList<>();

    private static boolean applied;

    private QuietLogs() {
    }

    /** Applies the levels once per class loader; cheap to call again. Returns the SLF4J provider's factory class. */
    static synchronized String apply() {
        if ("false".equalsIgnoreCase(System.getProperty(DISABLE_PROPERTY, System.getProperty(OLD_DISABLE_PROPERTY)))) {
            return "unchanged (" + DISABLE_PROPERTY + "=false)";
        }
        if (applied) {
            return factoryName();
        }
        applied = true;
        // slf4j-simple reads these once, when it initialises: set them before anything logs.
        for (String category : CATEGORIES) {
            String key = "org.slf4j.simpleLogger.log." + category;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
        for (String category : CATEGORIES) {
            Logger jul = Logger.getLogger(category);
            jul.setLevel(Level.WARNING);
            STRONG_REFERENCES.add(jul);
        }
        jbossLogManager();
        String factory = factoryName();
        if (factory.startsWith("ch.qos.logback")) {
            logback();
        } else if (factory.startsWith("org.apache.logging")) {
            log4j2();
        }
        return factory;
    }

    private static String factoryName() {
        return org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName();
    }

    /** slf4j-jboss-logmanager logs into JBoss LogManager's own context, which is not JUL's unless JUL uses it. */
    private static void jbossLogManager() {
        try {
            Class<?> contextClass = Class.forName("org.jboss.logmanager.LogContext", true, QuietLogs.class.getClassLoader());
            Method getLogger = contextClass.getMethod("getLogger", String.class);
            for (String factoryMethod : List.of("getLogContext", "getSystemLogContext")) {
                Object context = contextClass.getMethod(factoryMethod).invoke(null);
                for (String category : CATEGORIES) {
                    Logger logger = (Logger) getLogger.invoke(context, category);
                    logger.setLevel(Level.WARNING);
                    STRONG_REFERENCES.add(logger);
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // not on the classpath
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.getLogger(QuietLogs.class.getName()).log(System.Logger.Level.DEBUG, "JBoss LogManager levels not set", e);
        }
    }

    private static void logback() {
        try {
            ClassLoader cl = QuietLogs.class.getClassLoader();
            Class<?> levelClass = Class.forName("ch.qos.logback.classic.Level", true, cl);
            Object warn = levelClass.getField("WARN").get(null);
            for (String category : CATEGORIES) {
                Object logger = org.slf4j.LoggerFactory.getLogger(category);
                logger.getClass().getMethod("setLevel", levelClass).invoke(logger, warn);
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            System.getLogger(QuietLogs.class.getName()).log(System.Logger.Level.DEBUG, "Logback levels not set", e);
        }
    }

    private static void log4j2() {
        try {
            ClassLoader cl = QuietLogs.class.getClassLoader();
            Class<?> levelClass = Class.forName("org.apache.logging.log4j.Level", true, cl);
            Object warn = levelClass.getField("WARN").get(null);
            Method setLevel = Class.forName("org.apache.logging.log4j.core.config.Configurator", true, cl)
                    .getMethod("setLevel", String.class, levelClass);
            for (String category : CATEGORIES) {
                setLevel.invoke(null, category, warn);
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            System.getLogger(QuietLogs.class.getName()).log(System.Logger.Level.DEBUG, "Log4j 2 levels not set", e);
        }
    }
}
