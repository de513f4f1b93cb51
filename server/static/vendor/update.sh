#!/usr/bin/env bash
# Rebuild server/static/vendor/{vis-network,yasgui}/ from the pinned
# package.json + package-lock.json beside this script.
#
#   ./update.sh            npm ci in a temporary directory, copy the dist files here
#   ./update.sh --check    same, but only compare with what is here (exit 1 on any difference)
#   ./update.sh --relock   after editing versions in package.json: rewrite package-lock.json
#                          (npm install --package-lock-only in a temporary directory), then
#                          run ./update.sh to copy the files
#
# Needs node + npm and the npm registry. node_modules is only ever created in a
# temporary directory, never in the repository.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODE="${1:-copy}"
case "$MODE" in
  copy|--check|--relock) ;;
  -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
  *) echo "usage: $0 [--check|--relock]" >&2; exit 2 ;;
esac

WORK="$(mktemp -d "${TMPDIR:-/tmp}/chainkg-vendor.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

NPM_FLAGS=(--ignore-scripts --no-audit --no-fund --loglevel=error)

cp "$HERE/package.json" "$WORK/"
if [[ "$MODE" == "--relock" ]]; then
  (cd "$WORK" && npm install --package-lock-only "${NPM_FLAGS[@]}")
  # Drop the "resolved" tarball URLs: npm ci then fetches name@version from whatever
  # registry npm is configured with and still checks each "integrity" hash.
  node -e '
    const fs = require("fs"), f = process.argv[1], lock = JSON.parse(fs.readFileSync(f, "utf8"));
    for (const p of Object.values(lock.packages || {})) delete p.resolved;
    fs.writeFileSync(f, JSON.stringify(lock, null, 2) + "\n");' "$WORK/package-lock.json"
  cp "$WORK/package-lock.json" "$HERE/package-lock.json"
  echo "package-lock.json rewritten; now run $0 to copy the files."
  exit 0
fi
cp "$HERE/package-lock.json" "$WORK/"
(cd "$WORK" && npm ci "${NPM_FLAGS[@]}")

NM="$WORK/node_modules"
OUT="$WORK/out"
mkdir -p "$OUT/vis-network" "$OUT/yasgui"

# --- vis-network: the standalone UMD build bundles vis-data, vis-util and its
# other peers and injects its own CSS, so one file is enough. Global: `vis`.
cp "$NM/vis-network/standalone/umd/vis-network.min.js" "$OUT/vis-network/"
cp "$NM/vis-network/LICENSE-MIT" "$NM/vis-network/LICENSE-APACHE-2.0" "$OUT/vis-network/"

# --- @zazuko/yasgui: one UMD bundle (Yasgui + Yasqe + Yasr + CodeMirror, jQuery,
# DataTables, ...) and one stylesheet with no url() references. Globals:
# `Yasgui` (and `Yasqe`, `Yasr`, set by the bundle on load).
cp "$NM/@zazuko/yasgui/build/yasgui.min.js" "$NM/@zazuko/yasgui/build/yasgui.min.css" "$OUT/yasgui/"

YASGUI_VERSION="$(node -p "require('$NM/@zazuko/yasgui/package.json').version")"
# The @zazuko/yasgui package ships no licence file; its package.json says
# "license": "MIT", "author": "Triply <info@triply.cc>", contributors "Zazuko GmbH".
cat > "$OUT/yasgui/LICENSE" <<EOF
@zazuko/yasgui ${YASGUI_VERSION} (with @zazuko/yasqe, @zazuko/yasr, @zazuko/yasgui-utils)
https://github.com/rdfjs/Yasgui

The npm package ships no licence file. Its package.json declares
"license": "MIT", "author": "Triply <info@triply.cc>", "contributors": [Zazuko GmbH].
The standard MIT licence text follows.

MIT License

Copyright (c) Triply <info@triply.cc> and Zazuko GmbH

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
EOF

# --- Licences of the third-party packages compiled into each bundle, read from
# the bundle's source map (which is not copied) and the installed packages.
cat > "$WORK/licences.js" <<'EOF'
const fs = require("fs"), path = require("path");
const [nm, mapFile, outFile, title] = process.argv.slice(2);
const map = JSON.parse(fs.readFileSync(mapFile, "utf8"));
const pkgs = new Set();
for (const s of map.sources) {
  const m = s.match(/.*node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) pkgs.add(m[1]);
}
let out = `Third-party code compiled into ${title}\n` +
  `(packages found in the bundle's source map; versions as installed from package-lock.json)\n`;
const missing = [];
for (const name of [...pkgs].sort()) {
  const dir = path.join(nm, name);
  if (!fs.existsSync(path.join(dir, "package.json"))) { missing.push(name); continue; }
  const pj = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const lic = typeof pj.license === "string" ? pj.license
    : (pj.license || pj.licenses) ? JSON.stringify(pj.license || pj.licenses) : "no licence field in package.json";
  out += `\n${"=".repeat(78)}\n${name}@${pj.version}  (${lic})\n${"=".repeat(78)}\n`;
  const files = fs.readdirSync(dir).filter((f) => /^(licen[cs]e|copying|notice)/i.test(f)).sort();
  if (!files.length) out += `\n(no licence file in the package; package.json declares ${lic})\n`;
  for (const f of files) out += `\n--- ${f} ---\n` + fs.readFileSync(path.join(dir, f), "utf8").trimEnd() + "\n";
}
if (missing.length) {
  console.error(`${title}: not installed, add them to devDependencies: ${missing.join(", ")}`);
  process.exit(1);
}
fs.writeFileSync(outFile, out);
EOF
node "$WORK/licences.js" "$NM" "$NM/vis-network/standalone/umd/vis-network.min.js.map" \
  "$OUT/vis-network/THIRD-PARTY-LICENSES.txt" "vis-network/standalone/umd/vis-network.min.js"
node "$WORK/licences.js" "$NM" "$NM/@zazuko/yasgui/build/yasgui.min.js.map" \
  "$OUT/yasgui/THIRD-PARTY-LICENSES.txt" "@zazuko/yasgui/build/yasgui.min.js"

if [[ "$MODE" == "--check" ]]; then
  status=0
  for lib in vis-network yasgui; do
    diff -r "$OUT/$lib" "$HERE/$lib" >/dev/null || { echo "differs: $lib/"; diff -rq "$OUT/$lib" "$HERE/$lib" || true; status=1; }
  done
  [[ $status == 0 ]] && echo "vendored files match package-lock.json"
  exit $status
fi

for lib in vis-network yasgui; do
  rm -rf "${HERE:?}/$lib"
  cp -r "$OUT/$lib" "$HERE/$lib"
done
(cd "$HERE" && du -ab vis-network yasgui | sort -k2)
