package dev.llmgateway.security;

import dev.llmgateway.model.GatewayException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which web pages and which host names may use the gateway, so that a page on another site cannot
 * drive a gateway on the user's machine (a cross-site POST or WebSocket, or DNS rebinding: a site
 * whose name suddenly resolves to 127.0.0.1). The rules Ollama applies ({@code OLLAMA_ORIGINS}):
 * <pre>
 * Origin: https://evil.example          refused, unless listed in gateway.allowedOrigins or
 *                                       gateway.cors.allowedOrigins
 * Origin: http://localhost:5173         allowed: localhost, 127.0.0.1 and [::1] on any port,
 *                                       app://, file://, tauri://, vscode-webview:// pages
 * Origin: http://gpu-box:8080           allowed when the request's Host is gpu-box (the gateway's own
 *                                       page, also from its HTTP port to its WebSocket port)
 * Host: rebind.evil.example:8080        refused, unless listed in gateway.allowedHosts
 * Host: localhost:8080, 10.0.0.7:8080   allowed: localhost, *.localhost, IP addresses, this machine's name
 * </pre>
 * Requests without {@code Origin} come from programs, not pages, and only meet the Host rule.
 * {@code *} in either list turns that check off.
 */
public final class SiteRules {

    private static final List<String> LOCAL_ORIGINS = List.of("http://localhost:*", "https://localhost:*",
            "http://127.0.0.1:*", "https://127.0.0.1:*", "http://[::1]:*", "https://[::1]:*",
            "app://*", "file://*", "tauri://*", "vscode-webview://*", "vscode-file://*");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final List<Pattern> origins = new ArrayList<>();
    private final boolean anyOrigin;
    private final List<Pattern> hosts = new ArrayList<>();
    private final boolean anyHost;
    private final Set<String> ownPorts;

    /**
     * @param allowedOrigins gateway.allowedOrigins, comma-separated; empty: the defaults above
     * @param corsOrigins    gateway.cors.allowedOrigins: origins allowed to read replies are allowed to send
     * @param allowedHosts   gateway.allowedHosts, comma-separated, {@code *.example.com} globs allowed
     * @param ownPorts       the gateway's HTTP and WebSocket ports
     */
    public SiteRules(String allowedOrigins, String corsOrigins, String allowedHosts, String ownPorts) {
        List<String> originList = new ArrayList<>(split(allowedOrigins));
        if (originList.isEmpty()) {
            originList.addAll(LOCAL_ORIGINS);
        }
        originList.addAll(split(corsOrigins));
        anyOrigin = originList.contains("*");
        originList.forEach(origin -> origins.add(glob(stripSlash(origin))));
        List<String> hostList = new ArrayList<>(split(allowedHosts));
        hostList.addAll(List.of("localhost", "*.localhost"));
        hostList.addAll(machineNames());
        anyHost = hostList.contains("*");
        hostList.forEach(host -> hosts.add(glob(host)));
        this.ownPorts = Set.copyOf(split(ownPorts));
    }

    /**
     * Why a request with these headers is refused (403, with the setting that would allow it), or
     * null when it may be served.
     */
    public GatewayException refusal(String hostHeader, String origin) {
        if (!hostAllowed(hostHeader)) {
            return new GatewayException(403, "permission_error", "host_not_allowed", "this gateway does not answer to "
                    + "the host name in 'Host: " + LogSafe.text(hostHeader) + "'; add it to gateway.allowedHosts");
        }
        if (!originAllowed(origin, hostHeader)) {
            return new GatewayException(403, "permission_error", "origin_not_allowed", "web pages of "
                    + LogSafe.text(origin) + " may not use this gateway; add the origin to gateway.allowedOrigins");
        }
        return null;
    }

    /** Whether a request that names this {@code Host} (with or without port) may be served. */
    public boolean hostAllowed(String hostHeader) {
        if (anyHost || hostHeader == null || hostHeader.isEmpty()) {
            return true;                                    // no Host: HTTP/1.0, never a browser
        }
        String host = hostName(hostHeader);
        return isIpAddress(host) || hosts.stream().anyMatch(pattern -> pattern.matcher(host).matches());
    }

    /** Whether a page of this {@code Origin} may use the gateway; true when there is no Origin. */
    public boolean originAllowed(String origin, String hostHeader) {
        if (origin == null || anyOrigin) {
            return true;
        }
        String lower = stripSlash(origin.trim().toLowerCase(Locale.ROOT));
        if (origins.stream().anyMatch(pattern -> pattern.matcher(lower).matches())) {
            return true;
        }
        return isOwnOrigin(lower, hostHeader);
    }

    /** The gateway's own page: same host as the request, and the port of the request or one of the gateway's. */
    private boolean isOwnOrigin(String origin, String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                return false;
            }
            String originPort = uri.getPort() < 0 ? "" : String.valueOf(uri.getPort());
            String host = hostHeader.toLowerCase(Locale.ROOT);
            String hostPort = host.matches(".*:\\d+$") ? host.substring(host.lastIndexOf(':') + 1) : "";
            return hostName(host).equals(hostName(uri.getHost())) && (originPort.equals(hostPort) || ownPorts.contains(originPort));
        } catch (IllegalArgumentException notAnOrigin) {
            return false;
        }
    }

    /** {@code Host: [::1]:8080} → {@code ::1}, {@code Host: Gateway.local:8080} → {@code gateway.local}. */
    private static String hostName(String hostHeader) {
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(1, end);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static boolean isIpAddress(String host) {
        return IPV4.matcher(host).matches() || host.contains(":") && host.matches("[0-9a-f:.%a-z]+");
    }

    private static Set<String> machineNames() {
        Set<String> names = new LinkedHashSet<>();
        try {
            InetAddress self = InetAddress.getLocalHost();
            names.add(self.getHostName().toLowerCase(Locale.ROOT));
            names.add(self.getCanonicalHostName().toLowerCase(Locale.ROOT));
        } catch (UnknownHostException e) {
            // no name to add
        }
        return names;
    }

    private static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        if (list != null) {
            for (String item : list.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return items;
    }

    private static String stripSlash(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }

    /** A trailing {@code :*} is any port or none ({@code http://localhost:*}); another {@code *} any name part. */
    private static Pattern glob(String glob) {
        boolean anyPort = glob.endsWith(":*");
        StringBuilder regex = new StringBuilder();
        for (String literal : (anyPort ? glob.substring(0, glob.length() - 2) : glob).split("(?=\\*)|(?<=\\*)")) {
            regex.append(literal.equals("*") ? "[^/@\\s]*" : Pattern.quote(literal));
        }
        return Pattern.compile(regex + (anyPort ? "(:\\d{1,5})?" : ""));
    }
}
