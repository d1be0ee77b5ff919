#!/usr/bin/env bash
# Builds the gateway image's base from this machine alone (no registry): a Java runtime cut from the
# local JDK with jlink, the Debian packages of the shared libraries it links (glibc, as distroless
# does), a passwd entry for the non-root user, and /tmp. Written as a `docker save` archive, which
# Jib takes as its base image (<from><image>tar://…</image></from>, pom.xml profile "image").
#
#   bash deploy/image/base-image.sh target/image-base     # -> target/image-base/base.tar
#
# Needs a JDK 17+ (the newest 21+ when there is one: virtual threads), apt-get, dpkg-deb and GNU tar:
# a Debian or Ubuntu machine. Root only for installing Debian's jmods when the JDK has none.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"
WORK="$OUT/work"
rm -rf "$WORK" && mkdir -p "$WORK/rootfs" "$WORK/debs"
FS="$WORK/rootfs"

# --- the Java runtime ---------------------------------------------------------------------------
source "$ROOT/.camel/pick-java.sh"
pick_java
JDK="$(dirname "$(dirname "$JAVA_BIN")")"
# Debian's JDKs keep their jmods in a package of their own (Temurin 25 links from its runtime image)
if [[ ! -d "$JDK/jmods" ]] && pkg="$(dpkg -S "$JAVA_BIN" 2>/dev/null)" && [[ "$pkg" == openjdk-* ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkg%%-j*}-jmods"   # openjdk-17-jre-headless -> openjdk-17-jmods
fi
# What `jdeps --print-module-deps` finds on the runtime classpath, plus two loaded by name (JNDI DNS,
# the zip file system).
MODULES=java.base,java.compiler,java.desktop,java.naming,java.rmi,java.scripting,java.security.jgss
MODULES+=,java.sql,jdk.jfr,jdk.management,jdk.unsupported,jdk.naming.dns,jdk.zipfs
# Options built into the runtime, so that they always match its version: Camel's own pools on virtual
# threads (21+); Netty 4.1's buffers without a warning at start (24+).
OPTIONS=()
[[ "$JAVA_VERSION" -ge 21 ]] && OPTIONS+=(-Dcamel.threads.virtual.enabled=true)
[[ "$JAVA_VERSION" -ge 24 ]] && OPTIONS+=(--sun-misc-unsafe-memory-access=allow)
"$JDK/bin/jlink" --add-modules "$MODULES" ${OPTIONS[@]+--add-options="${OPTIONS[*]}"} \
  --strip-debug --no-header-files --no-man-pages --output "$FS/opt/java"
# headless, as Debian's -headless JRE: no X11 window toolkit, sound or splash screen (they link X11, ALSA)
rm -f "$FS"/opt/java/lib/{libawt_xawt,libjsound,libsplashscreen}.so
echo "base image: Java $JAVA_VERSION runtime from $JDK (options: ${OPTIONS[*]:-none})"

# --- the libraries it links, from their Debian packages ------------------------------------------
# ldd names each library as this machine has it (/lib/x86_64-linux-gnu/libc.so.6,
# /lib64/ld-linux-x86-64.so.2); dpkg -S names its package (libc6). Temurin needs glibc only; Debian's
# JDK also libstdc++6, libgcc-s1 and zlib1g.
mapfile -t libs < <(find "$FS/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null \
  | grep -o '/[^ ]*\.so[.0-9]*' | grep -v "^$FS" | sort -u)
mapfile -t packages < <(for lib in "${libs[@]}"; do dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")"; done \
  | cut -d: -f1 | sort -u)
echo "base image: ${packages[*]} for ${#libs[@]} libraries"
(cd "$WORK/debs" && { apt-get download -qq "${packages[@]}" 2>/dev/null || { apt-get update -qq && apt-get download -qq "${packages[@]}"; }; })
for deb in "$WORK"/debs/*.deb; do dpkg-deb -x "$deb" "$FS"; done
# character set converters and manuals of glibc: no use to a JVM
rm -rf "$FS"/usr/lib/*/gconv "$FS"/usr/share/{man,info,lintian,locale}

# --- users, name lookup, /tmp ---------------------------------------------------------------------
mkdir -p "$FS/etc" "$FS/tmp" "$FS/home/nonroot"
chmod 1777 "$FS/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$FS/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$FS/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$FS/etc/nsswitch.conf"

# --- one layer, in a `docker save` archive --------------------------------------------------------
# Owned by root, but the user's home; fixed times and order: the same inputs give the same layer.
TAR=(tar --sort=name --mtime=@0 --numeric-owner --format=posix --pax-option=delete=atime,delete=ctime -C "$FS")
"${TAR[@]}" --owner=0 --group=0 --exclude=./home/nonroot -cf "$WORK/layer.tar" .
"${TAR[@]}" --owner=65532 --group=65532 -rf "$WORK/layer.tar" ./home/nonroot
diff_id="sha256:$(sha256sum "$WORK/layer.tar" | cut -d' ' -f1)"
printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
  "$diff_id" >"$WORK/config.json"
printf '[{"Config":"config.json","RepoTags":["camel-llm-gateway-base:local"],"Layers":["layer.tar"]}]' \
  >"$WORK/manifest.json"
tar --mtime=@0 --owner=0 --group=0 -C "$WORK" -cf "$OUT/base.tar" manifest.json config.json layer.tar
rm -rf "$WORK"
echo "base image: $OUT/base.tar ($(du -m "$OUT/base.tar" | cut -f1) MB)"
