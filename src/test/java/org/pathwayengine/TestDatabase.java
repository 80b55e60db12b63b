package org.pathwayengine;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Creates the test database before the first test runs, so that the README's test command is the whole set-up on
 * a machine where PostgreSQL runs but the project has never been started. It reads the test profile's datasource
 * ({@code %test.quarkus.datasource.*} in {@code application.properties}) and connects to the server's
 * {@code postgres} database to create it. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 *
 * <p>When the server does not answer it says so once and lets the tests that need it fail with their own message.
 */
public class TestDatabase implements LauncherSessionListener {

    private static final Properties SETTINGS = testProfile();
    static final String URL = SETTINGS.getProperty("quarkus.datasource.jdbc.url", "");
    static final String USER = SETTINGS.getProperty("quarkus.datasource.username", "postgres");
    static final String PASSWORD = SETTINGS.getProperty("quarkus.datasource.password", "");

    private static boolean done;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        ensure();
    }

    static synchronized void ensure() {
        if (done || !URL.startsWith("jdbc:postgresql:")) {
            return;
        }
        done = true;
        int slash = URL.lastIndexOf('/');
        int query = URL.indexOf('?', slash);
        String name = query < 0 ? URL.substring(slash + 1) : URL.substring(slash + 1, query);
        String server = URL.substring(0, slash) + "/postgres" + (query < 0 ? "" : URL.substring(query));
        DriverManager.setLoginTimeout(5);
        try (Connection c = DriverManager.getConnection(server, USER, PASSWORD);
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet r = exists.executeQuery()) {
                if (r.next()) {
                    return;
                }
            }
            if (!name.matches("[a-z_][a-z0-9_]*")) {
                System.err.println("Test database '" + name + "' does not exist and is not a plain name: create it by hand");
                return;
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + name);
                System.out.println("Created the test database " + name);
            } catch (SQLException e) {
                // Another test JVM may have created it at the same moment.
                if (!"42P04".equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            System.err.println("PostgreSQL at " + server + " did not answer (" + e.getMessage()
                    + "); tests that record evaluations will fail. Start it, or set QUARKUS_DATASOURCE_JDBC_URL.");
        }
    }

    private static Properties testProfile() {
        Properties all = new Properties();
        try (InputStream in = TestDatabase.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                all.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties test = new Properties();
        all.stringPropertyNames().stream().filter(k -> k.startsWith("%test."))
                .forEach(k -> test.setProperty(k.substring("%test.".length()), all.getProperty(k)));
        return test;
    }
}
