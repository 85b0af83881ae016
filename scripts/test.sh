#!/usr/bin/env bash
# Installs everything the test suite needs, then runs it: type checks and all tests.
# As root it installs the system packages the service tests start (PostgreSQL, Chromium) and
# makes those tests mandatory (REEFLOW_REQUIRE_SERVICES=1); otherwise they skip when absent.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then
  missing=""
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  if [ -n "$missing" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
  export REEFLOW_REQUIRE_SERVICES=1
fi
python3 -m pip install -q --disable-pip-version-check -e ".[all,test]"
python3 -m mypy
python3 -m pytest -q "$@"
