# Sourced by ./camel and .ci/run: sets JAVA_BIN and JAVA_VERSION.
# The newest JDK 21+ (virtual threads: a waiting stream holds no platform thread): JAVA_HOME when
# it is one, else the newest under /usr/lib/jvm or on the PATH; JDK 17 otherwise, said loudly.
pick_java() {
  local best="" best_version=0 candidate version
  for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    [[ -n "$candidate" && -x "$candidate" ]] || continue
    candidate="$(readlink -f "$candidate")"
    # the JDK's release file says its version (JAVA_VERSION="25.0.3") without starting a JVM
    version="$(sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$(dirname "$(dirname "$candidate")")/release" 2>/dev/null)"
    [[ -n "$version" ]] || version="$("$candidate" -XshowSettings:properties -version 2>&1 \
      | awk -F'= ' '/java.specification.version/ {print $2}')"
    [[ "$version" =~ ^[0-9]+$ ]] || continue
    if [[ -n "${JAVA_HOME:-}" && "$candidate" == "$(readlink -f "$JAVA_HOME/bin/java")" && "$version" -ge 21 ]]; then
      best="$candidate" best_version="$version"; break
    fi
    if [[ "$version" -gt "$best_version" ]]; then best="$candidate" best_version="$version"; fi
  done
  JAVA_BIN="${best:-java}" JAVA_VERSION="$best_version"
}
