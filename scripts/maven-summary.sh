#!/usr/bin/env bash
# Runs a Maven build of Weft and prints a summary instead of Maven's log, which goes to build-logs/<step>.log:
# one line per module (its tests and time), the failing tests' lines if any, and a verdict.
#   scripts/maven-summary.sh test [maven args]     ./mvnw install (every test, as verify runs them, then the
#                                                  artifacts into ~/.m2), then examples/ built and run against
#                                                  the installed artifacts as a user's project is
#   scripts/maven-summary.sh install [maven args]  ./mvnw install with tests skipped
# Expects JAVA_HOME to be a JDK 25 (the weft launcher sets it). Exits with Maven's status.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
step=${1:?usage: maven-summary.sh test|install [maven args]}
shift
logs=$root/build-logs
mkdir -p "$logs"
start=$SECONDS
total_tests=0
total_skipped=0
no_tests="no tests"     # what a module without test results shows

# Reads Maven's output on stdin and prints the summary lines (a pipeline stage: sets nothing outside).
summarize() {
    local line module="" module_start=$SECONDS tests="" errors=0 problems=""
    while IFS= read -r line; do
        case "$line" in
            "[INFO] Building "*": "*) ;;
            "[INFO] Building "*)
                finish_module
                module=${line#\[INFO\] Building }
                module=${module%%  *}
                module=${module% [0-9]*-SNAPSHOT}
                module=${module% [0-9]*.[0-9]*}
                module_start=$SECONDS
                tests=""
                ;;
            *"Tests run: "*", Failures: "*)
                case "$line" in
                    *" - in "* | *"Time elapsed"*)
                        case "$line" in *"<<< FAIL"*) note "${line#\[ERROR\] }" ;; esac ;;
                    *) tests=$(test_counts "$line") ;;
                esac
                ;;
            "[ERROR]   "* | "[ERROR] Failed to execute"* | "[ERROR] COMPILATION ERROR"* | "[ERROR] /"*)
                if [ "$errors" -lt 40 ]; then note "${line#\[ERROR\] }"; fi
                errors=$((errors + 1))
                ;;
        esac
    done
    finish_module
}

# "Tests run: 12, Failures: 1, Errors: 0, Skipped: 2" -> "12 tests, 1 failed, 2 skipped"
test_counts() {
    local run fail err skip text
    [[ $1 =~ Tests\ run:\ ([0-9]+),\ Failures:\ ([0-9]+),\ Errors:\ ([0-9]+),\ Skipped:\ ([0-9]+) ]] || { echo "$1"; return; }
    run=${BASH_REMATCH[1]} fail=${BASH_REMATCH[2]} err=${BASH_REMATCH[3]} skip=${BASH_REMATCH[4]}
    text="$run tests"
    [ "$fail" = 0 ] || text+=", $fail failed"
    [ "$err" = 0 ] || text+=", $err in error"
    [ "$skip" = 0 ] || text+=", $skip skipped"
    echo "$text"
}

note() {
    problems+="    $1"$'\n'
}

finish_module() {
    [ -n "$module" ] || return 0
    printf '  %-26s %s  (%d s)\n' "$module" "${tests:-$no_tests}" $((SECONDS - module_start))
    printf '%s' "$problems"
    problems=""
    module=""
}

run_maven() {
    local name=$1
    shift
    set +e
    (cd "$root" && ./mvnw -B -ntp "$@" </dev/null 2>&1) | tee "$logs/$name.log" | summarize
    local rc=${PIPESTATUS[0]}
    set -e
    if [ "$rc" -ne 0 ]; then
        # what failed before any module started (an unreadable pom, an unresolvable dependency) has no module line
        grep -E '^\[ERROR\] (Non-parseable|Non-resolvable|Could not resolve|The project|Unknown lifecycle)' "$logs/$name.log" \
            | head -n 5 | sed 's/^\[ERROR\] /    /' || true
        echo "  FAILED (exit $rc). Maven's output: $logs/$name.log"
    fi
    return "$rc"
}

count_tests() {
    local line n
    while IFS= read -r line; do
        n=${line#*Tests run: }; n=${n%%,*}
        total_tests=$((total_tests + n))
        n=${line#*Skipped: }; n=${n%%[^0-9]*}
        total_skipped=$((total_skipped + n))
    done < <(grep -E 'Tests run: [0-9]+, Failures' "$1" | grep -vE ' - in |Time elapsed' || true)
}

case "$step" in
    test)
        echo "weft test: every module's tests, then the artifacts into ~/.m2 (log: build-logs/test.log)"
        run_maven test install "$@"
        count_tests "$logs/test.log"
        echo "examples/: a user's project, built and run against the installed artifacts (log: build-logs/examples.log)"
        run_maven examples -f examples/pom.xml verify
        count_tests "$logs/examples.log"
        echo "weft test: PASS: $total_tests tests ($total_skipped skipped) in $((SECONDS - start)) s"
        ;;
    install)
        echo "weft install: Weft's artifacts into ~/.m2, tests skipped (log: build-logs/install.log)"
        no_tests="built"
        run_maven install install -DskipTests "$@"
        echo "installed org.weft:weft, weft-core, weft-infer, weft-linalg and weft-bom $(sed -n 's:.*<version>\(.*-SNAPSHOT\)</version>.*:\1:p' "$root/pom.xml" | head -n 1) in $((SECONDS - start)) s"
        ;;
    *)
        echo "maven-summary.sh: unknown step '$step' (test or install)" >&2
        exit 2
        ;;
esac
