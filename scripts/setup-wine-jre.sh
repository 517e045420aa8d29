#!/usr/bin/env bash
# Sets up Wine (Debian wine/wine64) and an unmodified Windows x64 JRE so the Windows-only code (named pipes,
# mailslots, file mappings, window messages...) runs for real on Linux in the `windows-tests` Maven profile.
# Idempotent: a second run only checks. Uses Debian apt and Maven Central, nothing else.
#
# The JRE is Eclipse Temurin 17.0.8.1+1 for Windows x64 (GPLv2 + Classpath Exception), the unmodified `jre/`
# directory inside the Apache-2.0 Maven Central artifact org.flywaydb:flyway-commandline:10.10.0:zip:windows-x64
# (checksum pinned below); everything else in that zip is discarded.
#
# Usage:  scripts/setup-wine-jre.sh            installs into $WINE_JNA_HOME (default: <repo>/.wine-jna, git-ignored)
# Prints: the path of the Windows JVM launcher on the last line of stdout, for -Dwindows.jvm=...
# Fails (exit != 0) with a message when Wine or the JRE cannot be installed: never skips silently.
#
# Wine is not Windows: it checks protocol logic and JNA mappings, not ACL enforcement or session isolation.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=${WINE_JNA_HOME:-$PWD/.wine-jna}
FLYWAY_VERSION=10.10.0
ZIP_SHA256=b24ab4546c73642142549764d8072b9b966f0a1a1214450ed34f8a0fa38e1729
export WINEPREFIX=$ROOT/prefix WINEARCH=win64 WINEDEBUG=${WINEDEBUG:--all}
WINE64=/usr/lib/wine/wine64          # called directly: /usr/bin/wine nags about the absent wine32 on every call
JRE=$ROOT/jre17-win64
log() { echo "[setup-wine-jre] $(date +%T) $*" >&2; }
fail() { echo "[setup-wine-jre] FAILED: $*" >&2; exit 1; }
mkdir -p "$ROOT"

# 1. Wine, 64-bit only (~100 MB download, ~700 MB installed)
if [ ! -x "$WINE64" ]; then
  log "installing wine wine64 with apt-get"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  command -v apt-get >/dev/null 2>&1 || fail "Wine is missing and there is no apt-get; install wine64 by hand"
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wine wine64 >/dev/null \
    || fail "apt-get install wine wine64 failed"
  [ -x "$WINE64" ] || fail "$WINE64 not found after installing wine64"
fi

# 2. The Windows JRE from Maven Central, checksum verified
if [ ! -f "$JRE/bin/java.exe" ]; then
  log "fetching the Windows JRE from Maven Central"
  rm -rf "$ROOT/dl" "$ROOT/unz"
  mkdir -p "$ROOT/dl"
  mvn -B -q -ntp dependency:copy \
      -Dartifact=org.flywaydb:flyway-commandline:$FLYWAY_VERSION:zip:windows-x64 \
      -DoutputDirectory="$ROOT/dl" >&2 || fail "could not download the Windows JRE zip"
  zip=$ROOT/dl/flyway-commandline-$FLYWAY_VERSION-windows-x64.zip
  echo "$ZIP_SHA256  $zip" | sha256sum -c --quiet - >&2 || fail "checksum mismatch on $zip"
  unzip -q "$zip" "flyway-$FLYWAY_VERSION/jre/*" -d "$ROOT/unz" || fail "unzip failed"
  grep -q 'IMPLEMENTOR="Eclipse Adoptium"' "$ROOT/unz/flyway-$FLYWAY_VERSION/jre/release" || fail "unexpected JRE"
  grep -q 'OS_NAME="Windows"' "$ROOT/unz/flyway-$FLYWAY_VERSION/jre/release" || fail "unexpected JRE"
  mv "$ROOT/unz/flyway-$FLYWAY_VERSION/jre" "$JRE"
  rm -rf "$ROOT/unz" "$ROOT/dl"
fi

# 3. A launcher next to java.exe, so tools that read ../release (surefire <jvm>) see a Java 17 home. It is named
#    java-wine, never java: inside the Windows JVM, code that starts java.home/bin/java would otherwise get this
#    Unix script, which Wine's CreateProcess runs without a process handle; the JDK then keeps stale pipe handle
#    values that its cleaner later closes under unrelated handles (a named-pipe test failed with error 6 so)
rm -f "$JRE/bin/java"                     # the launcher's old name, from an earlier set-up
cat > "$JRE/bin/java-wine.tmp" <<EOF
#!/bin/sh
export WINEPREFIX="$WINEPREFIX" WINEARCH=win64 WINEDEBUG="\${WINEDEBUG:--all}"
exec $WINE64 "\$(dirname "\$0")/java.exe" "\$@"
EOF
chmod +x "$JRE/bin/java-wine.tmp"
mv "$JRE/bin/java-wine.tmp" "$JRE/bin/java-wine"

# 4. A headless prefix: Wine's null graphics driver (no X server); no mono/gecko installers (no network)
if [ ! -f "$WINEPREFIX/system.reg" ] || [ ! -f "$ROOT/.null-driver" ]; then
  log "creating the Wine prefix"
  WINEDLLOVERRIDES="mscoree,mshtml=" "$WINE64" wineboot -i >/dev/null 2>&1 || true
  "$WINE64" reg add 'HKCU\Software\Wine\Drivers' /v Graphics /d null /f >/dev/null 2>&1 \
    || fail "could not configure the Wine prefix at $WINEPREFIX"
  wineserver -w                              # flush the registry; the driver applies to the next session
  touch "$ROOT/.null-driver"
fi

"$JRE/bin/java-wine" -version >/dev/null 2>&1 \
  || fail "the Windows JVM does not start under Wine ($JRE/bin/java-wine -version)"
log "Windows JVM ready (Wine $("$WINE64" --version 2>/dev/null))"
echo "$JRE/bin/java-wine"
