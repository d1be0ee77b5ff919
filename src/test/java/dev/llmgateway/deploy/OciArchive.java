package dev.llmgateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * An OCI image archive, as {@code jib:buildTar} writes it with {@code <format>OCI</format>}:
 * <pre>
 * oci-layout                        {"imageLayoutVersion": "1.0.0"}
 * index.json                        {"manifests":[{"digest":"sha256:88af…","size":1654,…}]}
 * blobs/sha256/88af…                the manifest: {"config":{"digest":"sha256:aa1f…"},"layers":[…]}
 * blobs/sha256/aa1f…                the config: Entrypoint, Cmd, Env, User, ExposedPorts, rootfs.diff_ids
 * blobs/sha256/f7e5…                a layer, tar+gzip
 * </pre>
 * Every blob is read through {@link #blob}, which fails unless its size and SHA-256 are the ones its
 * descriptor names; {@link #unpack} lays the layers over one another as a container runtime does.
 */
final class OciArchive {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final JsonNode index;
    final JsonNode manifest;
    final JsonNode config;

    private OciArchive(Path dir) throws IOException {
        this.dir = dir;
        this.index = JSON.readTree(dir.resolve("index.json").toFile());
        this.manifest = JSON.readTree(blob(index.path("manifests").path(0)));
        this.config = JSON.readTree(blob(manifest.path("config")));
    }

    /** Extracts the archive into {@code dir} (emptied first) and reads it. */
    static OciArchive extract(Path archive, Path dir) throws IOException, InterruptedException {
        deleteTree(dir);
        Files.createDirectories(dir);
        run("tar", "-xf", archive.toString(), "-C", dir.toString());
        return new OciArchive(dir);
    }

    /** The blob a descriptor ({"digest":"sha256:…","size":…}) names, after checking both. */
    byte[] blob(JsonNode descriptor) throws IOException {
        String digest = descriptor.path("digest").asText();
        byte[] bytes = Files.readAllBytes(blobPath(digest));
        if (bytes.length != descriptor.path("size").asLong(-1) || !digest.equals("sha256:" + sha256(bytes))) {
            throw new IllegalStateException("blob " + digest + " does not match its descriptor " + descriptor);
        }
        return bytes;
    }

    /**
     * Lays the layers over {@code root} in the manifest's order, as a runtime does: each layer's
     * whiteouts ({@code .wh.name} deletes name, {@code .wh..wh..opq} empties its directory) first, then its
     * files with their owners, modes and links (GNU tar, as root). Checks each layer's blob digest and
     * the config's diff_id (the SHA-256 of the layer uncompressed).
     */
    void unpack(Path root) throws IOException, InterruptedException {
        deleteTree(root);
        Files.createDirectories(root);
        JsonNode layers = manifest.path("layers");
        JsonNode diffIds = config.path("rootfs").path("diff_ids");
        if (layers.size() == 0 || layers.size() != diffIds.size()) {
            throw new IllegalStateException(layers.size() + " layers, " + diffIds.size() + " diff_ids");
        }
        for (int i = 0; i < layers.size(); i++) {
            blob(layers.get(i));
            Path layer = blobPath(layers.get(i).path("digest").asText());
            try (InputStream in = new GZIPInputStream(Files.newInputStream(layer))) {
                if (!diffIds.get(i).asText().equals("sha256:" + sha256(in))) {
                    throw new IllegalStateException("layer " + i + " does not match diff_id " + diffIds.get(i));
                }
            }
            for (String entry : run("tar", "-tzf", layer.toString(), "--warning=no-unknown-keyword").split("\n")) {
                Path path = Path.of(entry);
                String name = path.getFileName() == null ? "" : path.getFileName().toString();
                Path parent = root.resolve(entry).getParent();
                if (name.equals(".wh..wh..opq")) {
                    try (Stream<Path> children = Files.list(parent)) {
                        for (Path child : children.toList()) {
                            deleteTree(child);
                        }
                    }
                } else if (name.startsWith(".wh.")) {
                    deleteTree(parent.resolve(name.substring(4)));
                }
            }
            // Jib's layers carry libarchive's creation times, which GNU tar does not know
            run("tar", "-xzf", layer.toString(), "-C", root.toString(), "--exclude=.wh.*",
                    "--warning=no-unknown-keyword", "--same-owner", "--same-permissions");
        }
    }

    private Path blobPath(String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalStateException("not a sha256 digest: '" + digest + "'");
        }
        return dir.resolve("blobs/sha256").resolve(digest.substring(7));
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static String sha256(InputStream in) throws IOException {
        DigestInputStream digesting = new DigestInputStream(in, digest());
        digesting.transferTo(OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(digesting.getMessageDigest().digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command and returns its output; fails with that output unless it exits with 0. */
    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    /** Deletes a file, a link (not what it points to) or a directory with everything in it. */
    static void deleteTree(Path path) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(path)) {          // does not follow links
                for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(each);
                }
            }
        }
    }
}
