package org.pathwayengine.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of PostgreSQL that a test controls: it forwards, refuses connections (a database that is
 * down), or freezes (accepts and holds every connection, old and new, without a byte: a database that stopped
 * answering).
 */
final class TcpFaultProxy implements AutoCloseable {

    enum Mode { FORWARD, REFUSE, FREEZE }

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /*
     * The mode is a system property: Quarkus loads a test resource and the test class in different class loaders,
     * so a static field set on one side would not be seen on the other.
     */
    private static final String MODE = "pathways.test.fault-proxy.mode";

    TcpFaultProxy(String targetHost, int targetPort, Mode mode) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        set(mode);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Switches every proxy of this JVM to the mode. */
    static void set(Mode mode) {
        System.setProperty(MODE, mode.name());
    }

    private static Mode mode() {
        return Mode.valueOf(System.getProperty(MODE, Mode.FORWARD.name()));
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (mode() == Mode.REFUSE) {
                    client.close();
                    continue;
                }
                open.add(client);
                Thread t = new Thread(() -> connect(client), "fault-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        try {
            while (mode() == Mode.FREEZE && !client.isClosed()) {
                Thread.sleep(50); // held, not answered
            }
            if (mode() == Mode.REFUSE || client.isClosed()) {
                client.close();
                return;
            }
            Socket upstream = new Socket(targetHost, targetPort);
            open.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    while (mode() == Mode.FREEZE && !from.isClosed()) {
                        Thread.sleep(50); // bytes held back: the other side hears nothing
                    }
                    if (mode() == Mode.REFUSE) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "fault-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(TcpFaultProxy::closeQuietly);
    }
}
