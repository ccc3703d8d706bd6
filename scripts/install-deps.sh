#!/usr/bin/env bash
# Installs every Debian 12 package null needs to build and test. Idempotent:
# packages already present are skipped, so a second run only checks (and
# does not touch the network). DEVELOPERS.md says why each package is here.
# Runs as root or through sudo; never asks questions (CI has no stdin).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config python3
  llvm-19-dev llvm-19-tools clang-19 lld-19 libclang-rt-19-dev
  libprotobuf-c-dev protobuf-c-compiler
  libonnx-dev libonnx-testdata python3-onnx python3-numpy
  qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross
  mlir-19-tools
  time python3-psutil clang-format-19
  zlib1g-dev libzstd-dev libedit-dev libxml2-dev libcurl4-openssl-dev libffi-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps: run as root (or install sudo) to install packages" >&2
    exit 1
  fi
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
