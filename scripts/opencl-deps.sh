#!/usr/bin/env bash
# Best effort, for ./weft test: makes sure an OpenCL platform is installed, so that weft-opencl's tests run
# rather than skip. If the ICD loader or every platform (an .icd file under /etc/OpenCL/vendors) is missing,
# installs Debian's ocl-icd-libopencl1 and pocl-opencl-icd (PoCL's CPU device) with apt-get, as root or
# through passwordless sudo. Never fails: without OpenCL those tests are skipped and say why.
set -uo pipefail

have_opencl() {
    { ldconfig -p 2>/dev/null | grep -q 'libOpenCL\.so\.1 ' || [ -e /usr/lib/x86_64-linux-gnu/libOpenCL.so.1 ] \
        || [ -e /usr/lib/aarch64-linux-gnu/libOpenCL.so.1 ]; } && compgen -G '/etc/OpenCL/vendors/*.icd' >/dev/null
}

have_opencl && exit 0
if [ "$(id -u)" = 0 ]; then
    run=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    run=(sudo -n)
else
    echo "note: no OpenCL platform, so weft-opencl's tests will be skipped (to run them: sudo apt-get install -y ocl-icd-libopencl1 pocl-opencl-icd)" >&2
    exit 0
fi
command -v apt-get >/dev/null || { echo "note: no OpenCL platform and no apt-get: weft-opencl's tests will be skipped" >&2; exit 0; }
echo "No OpenCL platform; installing ocl-icd-libopencl1 and pocl-opencl-icd (PoCL's CPU device) for weft-opencl's tests..." >&2
export DEBIAN_FRONTEND=noninteractive
{ "${run[@]}" apt-get update -qq && "${run[@]}" apt-get install -y -qq ocl-icd-libopencl1 pocl-opencl-icd; } >&2 \
    || echo "note: installing PoCL failed; weft-opencl's tests will be skipped" >&2
exit 0
