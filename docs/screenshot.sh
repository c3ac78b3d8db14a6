#!/usr/bin/env bash
# Makes docs/explore.png, the picture of `twcheck explore` in README.md, with the browser test:
# headless Chromium (Debian's chromium and chromium-driver) clicks the shortest counterexample of
# passive-close-clean in models/no-time-wait.tw and saves the page where it is violated.
# Usage, from the repository root: bash docs/screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
for program in /usr/bin/chromium /usr/bin/chromedriver; do
  if [ ! -x "$program" ]; then
    echo "docs/screenshot.sh: $program is missing (apt-get install chromium chromium-driver)" >&2
    exit 1
  fi
done
rm -f docs/explore.png
mvn -B -q -o test -Dtest=ExplorePageTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtwcheck.screenshot="$PWD/docs/explore.png"
test -s docs/explore.png
echo "wrote docs/explore.png"
