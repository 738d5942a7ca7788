#!/usr/bin/env bash
# Cross-builds the addon on a Linux x64 machine for the release workflow's other targets, each into
# .cache/cross/<target>/, and says for each what was built or what stopped it. It needs the Rust
# targets (`rustup target add <target>`) and, for everything but the host, Zig and cargo-zigbuild
# (`pip install ziglang cargo-zigbuild`). Usage: scripts/cross-build-native.sh [target ...]
# (default: every target of .github/workflows/native-release.yml's build matrix).
# x86_64-pc-windows-gnu (not released: see docs/platforms.md) is built with MinGW instead
# (`apt-get install gcc-mingw-w64-x86-64`), no Zig and no Microsoft download.
set -u
cd "$(dirname "$0")/.."
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n '/^  build:/,/^  test:/p' .github/workflows/native-release.yml | grep -o '{ host: [^,]*, target: [a-z0-9_-]*' | sed 's/.*target: //')
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/.cache/cross/target}"
# napi's build script for a windows-gnu target insists on a libnode.dll to link (LIBNODE_PATH),
# though napi 3 links none of node's symbols: its default dyn-symbols feature looks them up in
# the host process when the addon loads. So a stand-in: an import library naming node.exe with
# the N-API functions this machine's node exports, and an empty libnode.dll beside it.
libnode_stand_in() {
  local dir=.cache/cross/libnode
  mkdir -p "$dir"
  { echo "LIBRARY node.exe"; echo "EXPORTS"
    nm -D --defined-only "$(readlink -f "$(command -v node)")" | awk '$3 ~ /^(napi_|node_api_)/ {print "  " $3}' | sort -u
  } >"$dir/node.def"
  x86_64-w64-mingw32-dlltool -d "$dir/node.def" -l "$dir/libnode.dll.a" && : >"$dir/libnode.dll" && echo "$PWD/$dir"
}
status=0
for target in "${targets[@]}"; do
  out=".cache/cross/$target"
  mkdir -p "$out"
  flags=(-x)
  [ "$target" = "$(rustc -vV | sed -n 's/^host: //p')" ] && flags=()
  if [ "$target" = x86_64-pc-windows-gnu ]; then
    flags=() # cargo links with x86_64-w64-mingw32-gcc, the target's default linker
    LIBNODE_PATH="$(libnode_stand_in)" || { status=1; echo "FAILED $target: no MinGW (x86_64-w64-mingw32-dlltool)"; continue; }
    export LIBNODE_PATH
  fi
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
