# Sourced by .ci/run (as root): the real components the warehouse tests need, installed
# from Debian when missing and started. Every step is idempotent, so a second run on the
# same machine only checks.
#
# Exports CXSITE_TEST_PG_URL (a PostgreSQL database the tests may fill and empty) and
# CXSITE_REQUIRE_BACKENDS, which turns a warehouse test's skip into a failure: in CI
# these tests must run.

ci_packages=()
command -v pg_ctlcluster >/dev/null 2>&1 || ci_packages+=(postgresql)
command -v java >/dev/null 2>&1 || ci_packages+=(default-jre-headless)
if [ "${#ci_packages[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${ci_packages[@]}" >/dev/null
fi

# PostgreSQL: Debian's first cluster (the package creates one; make one if it did not).
if [ -z "$(pg_lsclusters --no-header 2>/dev/null)" ]; then
  pg_createcluster "$(ls /usr/lib/postgresql | sort -n | tail -1)" main >/dev/null
fi
read -r ci_pg_version ci_pg_cluster ci_pg_port ci_pg_status _ < <(pg_lsclusters --no-header | head -1)
if [ "$ci_pg_status" != "online" ]; then
  pg_ctlcluster "$ci_pg_version" "$ci_pg_cluster" start
fi
# A login for the tests only, on this machine's loopback; it may create databases so
# each test session works in a database of its own.
runuser -u postgres -- psql -q -p "$ci_pg_port" -v ON_ERROR_STOP=1 <<'SQL'
SELECT 'CREATE ROLE cxsite_test LOGIN CREATEDB PASSWORD ''cxsite_test'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cxsite_test') \gexec
SELECT 'CREATE DATABASE cxsite_test OWNER cxsite_test'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'cxsite_test') \gexec
SQL
export CXSITE_TEST_PG_URL="postgresql://cxsite_test:cxsite_test@127.0.0.1:${ci_pg_port}/cxsite_test"
export CXSITE_REQUIRE_BACKENDS="postgres,spark"
echo "PostgreSQL ${ci_pg_version} on port ${ci_pg_port}; $(java -version 2>&1 | head -1)"
