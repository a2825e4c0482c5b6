#!/usr/bin/env bash
# The end-to-end benchmark on a 3-node cluster of real nodes (see itests/README.md).
#
#   itests/bench.sh                       build, then 20 iterations and a 5-minute quiet period
#   itests/bench.sh -n 5 -q 1             a short run: 5 iterations, 1 minute
#   itests/bench.sh --no-build ...        use the tarball and modules installed last time
#
# Options: -n|--iterations N   kill -9 and SIGSTOP rounds (default 20)
#          -q|--quiet-minutes M  length of the false-suspicion period (default 5; fractions allowed)
#          -b|--burners B     busy loops during that period (default 2, one per core here)
# The table is printed at the end and kept in itests/target/bench-report.txt.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
iterations=20 quiet=5 burners=2 build=1
while [ $# -gt 0 ]; do
  case "$1" in
    -n|--iterations) iterations="$2"; shift 2 ;;
    -q|--quiet-minutes) quiet="$2"; shift 2 ;;
    -b|--burners) burners="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
done
cd "$top"
if [ "$build" = 1 ]; then
  mvn -q -B install -DskipTests
fi
rm -f itests/target/bench-report.txt
mvn -B --no-transfer-progress verify -pl itests -Pbench \
  -Dbench.iterations="$iterations" -Dbench.quietMinutes="$quiet" -Dbench.burners="$burners"
echo
cat itests/target/bench-report.txt
