#!/usr/bin/env bash
# Makes sure the native libraries Weft loads are installed: OpenBLAS (libopenblas.so.0), whose BLAS and
# LAPACK weft-linalg calls through FFM. If it is missing, installs Debian's libopenblas0-pthread with
# apt-get, as root or through passwordless sudo; otherwise prints the command to run and fails.
set -euo pipefail

have_openblas() {
    ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so\.0 ' || [ -e /usr/lib/x86_64-linux-gnu/libopenblas.so.0 ] \
        || [ -e /usr/lib/aarch64-linux-gnu/libopenblas.so.0 ]
}

have_openblas && exit 0
echo "OpenBLAS (libopenblas.so.0) is missing; installing libopenblas0-pthread..." >&2
if [ "$(id -u)" = 0 ]; then
    run=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    run=(sudo -n)
else
    echo "Cannot install it without root. Run: sudo apt-get install -y libopenblas0-pthread" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null; then
    echo "No apt-get here: install OpenBLAS 0.3 with your package manager (a libopenblas.so.0 with LAPACK)." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq >&2
"${run[@]}" apt-get install -y -qq libopenblas0-pthread >&2
have_openblas || { echo "libopenblas0-pthread installed, but libopenblas.so.0 is still not found" >&2; exit 1; }
