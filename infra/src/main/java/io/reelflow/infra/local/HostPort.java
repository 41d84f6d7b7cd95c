package io.reelflow.infra.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;

/** A listening address of the local stack; port 0 means "any free port", resolved before a server binds. */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code host:port}, the one address of {@code kafka.bootstrap-servers} for the embedded broker. */
    public static HostPort parse(String hostPort) {
        int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (colon <= 0 || hostPort.contains(",")) {
            throw new IllegalArgumentException("expected one host:port, got '" + hostPort + "'");
        }
        try {
            return new HostPort(hostPort.substring(0, colon).trim(), Integer.parseInt(hostPort.substring(colon + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected one host:port, got '" + hostPort + "'", e);
        }
    }

    /** The host and port of an {@code http://host:port} endpoint such as {@code storage.endpoint}. */
    public static HostPort ofHttpEndpoint(String endpoint) {
        URI uri = URI.create(endpoint);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("expected http://host:port, got '" + endpoint + "'");
        }
        return new HostPort(uri.getHost(), uri.getPort());
    }

    /** This address with port 0 replaced by a port that is free on the host right now. */
    public HostPort resolveFreePort() {
        return port != 0 ? this : new HostPort(host, freePort(host));
    }

    /** A port nobody listens on at the moment; another process may still take it before the caller binds it. */
    public static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
