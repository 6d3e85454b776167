#!/usr/bin/env bash
# Prints the home of the JDK (25 or newer) that Weft builds and runs with:
#   1. $JAVA_HOME, if its `java -version` is 25 or newer;
#   2. else the JDK of the `java` on the PATH, if it is 25 or newer;
#   3. else /usr/lib/jvm/temurin-25-jdk-amd64, if it exists;
#   4. else says on stderr where it looked and how to get one, and fails.
# Run it (JAVA_HOME=$(scripts/java-home.sh)) or source it (. scripts/java-home.sh), which also exports
# JAVA_HOME. Sourcing never exits the calling shell; it returns non-zero instead.

weft_java_major() {
    # The major version of "$1/bin/java", or nothing: "1.8.0_402" -> 8, "25.0.3" -> 25, "25-ea" -> 25.
    local version
    version=$("$1/bin/java" -version 2>&1 </dev/null | sed -n 's/^[^"]* version "\([^"]*\)".*/\1/p' | head -n 1)
    version=${version#1.}
    printf '%s\n' "${version%%[.+_-]*}"
}

weft_java_home() {
    local fallback=/usr/lib/jvm/temurin-25-jdk-amd64 major path_home path_major
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        major=$(weft_java_major "$JAVA_HOME")
        if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
            printf '%s\n' "$JAVA_HOME"
            return 0
        fi
    fi
    if command -v java >/dev/null 2>&1; then
        path_home=$(dirname -- "$(dirname -- "$(readlink -f -- "$(command -v java)")")")
        path_major=$(weft_java_major "$path_home")
        if [ -n "$path_major" ] && [ "$path_major" -ge 25 ] 2>/dev/null && [ -x "$path_home/bin/javac" ]; then
            printf '%s\n' "$path_home"
            return 0
        fi
    fi
    if [ -x "$fallback/bin/java" ]; then
        printf '%s\n' "$fallback"
        return 0
    fi
    {
        echo "weft: Weft needs a JDK 25 or newer, and found none. Looked at:"
        if [ -n "${JAVA_HOME:-}" ]; then
            echo "  JAVA_HOME=$JAVA_HOME: Java ${major:-(no bin/java there)}"
        else
            echo "  JAVA_HOME: not set"
        fi
        if [ -n "${path_home:-}" ]; then
            echo "  java on the PATH: $path_home: Java ${path_major:-(unreadable)}"
        else
            echo "  java on the PATH: none"
        fi
        echo "  $fallback: does not exist"
        echo "  Install a JDK 25, such as Temurin 25 (https://adoptium.net), and set JAVA_HOME to it."
    } >&2
    return 1
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    # sourced
    if weft_java_home_result=$(weft_java_home); then
        export JAVA_HOME="$weft_java_home_result"
        printf '%s\n' "$JAVA_HOME"
        unset -v weft_java_home_result
        unset -f weft_java_major weft_java_home
    else
        unset -v weft_java_home_result
        unset -f weft_java_major weft_java_home
        return 1
    fi
else
    weft_java_home
fi
