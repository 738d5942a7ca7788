#!/usr/bin/env bash
# Cross-builds the addon on a Linux x64 machine for the release workflow's other targets, each into
# .cache/cross/<target>/, and says for each what was built or what stopped it. It needs the Rust
# targets (`rustup target add <target>`) and, for everything but the host, Zig and cargo-zigbuild
# (`pip install ziglang cargo-zigbuild`). Usage: scripts/cross-build-native.sh [target ...]
# (default: every target of .github/workflows/native-release.yml's build matrix).
set -u
cd "$(dirname "$0")/.."
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n '/^  build:/,/^  test:/p' .github/workflows/native-release.yml | grep -o '{ host: [^,]*, target: [a-z0-9_-]*' | sed 's/.*target: //')
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/.cache/cross/target}"
status=0
for target in "${targets[@]}"; do
  out=".cache/cross/$target"
  mkdir -p "$out"
  flags=(-x)
  [ "$target" = "$(rustc -vV | sed -n 's/^host: //p')" ] && flags=()
  if npx napi build --platform --release --manifest-path crates/fib-native/Cargo.toml \
    --package-json-path packages/native/package.json -o "$out" --js binding.js --dts binding.d.ts \
    --target "$target" "${flags[@]}" >"$out/build.log" 2>&1; then
    echo "built  $target: $(cd "$out" && file -b ./*.node | cut -c1-100)"
  else
    status=1
    echo "FAILED $target: $(grep -m1 -E '^error|error:|Error' "$out/build.log" | cut -c1-200)"
  fi
done
exit $status
